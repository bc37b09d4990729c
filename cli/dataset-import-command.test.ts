// Tests of `causeway dataset import` (cli/dataset-import-command.ts).
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerDatasetImportCommand } from './dataset-import-command.ts';
import { CausewayFailure } from '../core/errors.ts';
import { FIXTURES, readTruth, sourceTree, tempDir } from '../datasets/importers/testing/case-files.ts';

function program(): Command {
  const root = new Command('causeway').exitOverride();
  root.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerDatasetImportCommand(root.command('dataset').description('Labelled datasets.'));
  return root;
}

async function run(args: string[]): Promise<string> {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  await program().parseAsync(args, { from: 'user' });
  return out.join('');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('causeway dataset import', () => {
  it('imports a tree, printing a line per case and a summary', async () => {
    const out = tempDir('cli-import');
    const text = await run(['dataset', 'import', 'sock-shop-rcd', join(FIXTURES, 'sock-shop-rcd'), '--out', out]);
    expect(text).toMatch(/^ {2}carts-cpu-1 {2}\[sock-shop-rcd\] {2}metrics 34 points {2}fault carts\/cpu at 2022-05-17T18:37:55Z {2}[\d.]+ s$/m);
    expect(text).toMatch(/^imported 2 case\(s\) from sock-shop-rcd into .* in [\d.]+ s: 42 metric points, 0 log records, 0 spans \(9 lines\)$/m);
    expect(readTruth(join(out, 'carts-cpu-1')).id).toBe('carts-cpu-1');
  });

  it('reports unmapped columns, and prints only the summary with --quiet', async () => {
    const out = tempDir('cli-import');
    const source = join(FIXTURES, 'rcaeval', 'RE1');
    expect(await run(['dataset', 'import', 'rcaeval', source, '--out', out])).toMatch(/skipped 1 unmapped column\(s\): gke-pool-1_node-cpu/);
    const quiet = await run(['dataset', 'import', 'rcaeval', source, '--out', out, '--quiet']);
    expect(quiet.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an unknown format and a missing --out as usage errors', async () => {
    await expect(run(['dataset', 'import', 'zipkin', FIXTURES, '--out', tempDir('cli-import')])).rejects.toBeInstanceOf(CommanderError);
    await expect(run(['dataset', 'import', 'rcaeval', FIXTURES])).rejects.toBeInstanceOf(CommanderError);
  });

  it('fails with the error code and the place of a malformed file', async () => {
    const src = sourceTree({ 'carts-cpu/1/normal.csv': 'time,carts_cpu\n1,x\n', 'carts-cpu/1/anomalous.csv': 'time,carts_cpu\n5,1\n' });
    const failure = await run(['dataset', 'import', 'sock-shop-rcd', src, '--out', tempDir('cli-import')]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CausewayFailure);
    expect((failure as CausewayFailure).message).toBe(`CW_ERR_DATASET_INVALID: ${join(src, 'carts-cpu/1/normal.csv')}:2:3: "x" is not a number (column "carts_cpu")`);
  });
});
