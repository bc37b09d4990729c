import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { listCases, readSignalLines } from '../datasets/format/index.ts';
import { registerDatasetGenerateCommand } from './dataset-generate-command.ts';

const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'causeway-generate-'));
  dirs.push(dir);
  return dir;
}

async function run(args: string[]): Promise<{ exitCode: number; stderr: string; stdout: string }> {
  const program = new Command('causeway').exitOverride();
  registerDatasetGenerateCommand(program.command('dataset'));
  let stderr = '';
  let stdout = '';
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  try {
    await program.parseAsync(['dataset', 'generate', ...args], { from: 'user' });
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
  const exitCode = typeof process.exitCode === 'number' ? process.exitCode : 0;
  return { exitCode, stderr, stdout };
}

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out.set(path.slice(dir.length), await readFile(path));
    }
  }
  return out;
}

afterEach(() => {
  process.exitCode = undefined;
});

afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('causeway dataset generate', () => {
  it('writes a dataset the format reads back, the same bytes for the same seed', async () => {
    const [a, b, c] = [await tempDir(), await tempDir(), await tempDir()];
    const args = ['--system', 'sock-shop', '--faults', 'cpu-hog,control,two-fault', '--cases', '3', '--minutes', '5'];
    const first = await run([...args, '--seed', '42', '--out', a]);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain('wrote 3 case(s) of sock-shop');
    expect(first.stderr).toContain('[3/3]');
    await run([...args, '--seed', '42', '--out', b]);
    await run([...args, '--seed', '43', '--out', c]);

    const listing = await listCases(a);
    expect(listing.ok).toBe(true);
    if (!listing.ok) return;
    expect(listing.value.info?.system).toBe('sock-shop');
    expect(listing.value.cases.map((x) => x.truth.faults.length)).toEqual([1, 0, 2]);
    expect(listing.value.cases[0]!.id).toMatch(/^000-cpu-hog-/);
    let lines = 0;
    for await (const line of readSignalLines(listing.value.cases[0]!.dir, 'metrics')) {
      expect(line.ok).toBe(true);
      lines++;
    }
    expect(lines).toBeGreaterThan(10);

    const [fa, fb, fc] = [await filesOf(a), await filesOf(b), await filesOf(c)];
    expect([...fb.keys()].sort()).toEqual([...fa.keys()].sort());
    for (const [name, bytes] of fa) expect(bytes.equals(fb.get(name)!), name).toBe(true);
    const traces = [...fa.keys()].find((k) => k.endsWith('traces.jsonl.gz'))!;
    const other = [...fc.keys()].find((k) => k.endsWith('traces.jsonl.gz'))!;
    expect(fa.get(traces)!.equals(fc.get(other)!)).toBe(false);
  });

  it.each([
    [['--system', 'nope'], '--system: unknown system "nope"'],
    [['--system', 'sock-shop', '--faults', 'cpu-hog,meteor'], '--faults: unknown fault type "meteor"'],
    [['--system', 'sock-shop', '--cases', '0'], '--cases: expected a whole number'],
    [['--system', 'sock-shop', '--minutes', '2'], '--minutes: expected a number from 4'],
  ])('refuses %j with a usage error', async (args, message) => {
    const out = await tempDir();
    const r = await run([...args, '--out', out]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('CW_ERR_CLI_USAGE');
    expect(r.stderr).toContain(message);
    expect(await readdir(out)).toEqual([]);
  });
});
