import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CausewayError } from '../../core/errors.ts';
import { type ImportFormat, importDataset } from './import-dataset.ts';
import { sourceTree, tempDir } from './testing/case-files.ts';

async function importError(format: ImportFormat, files: Record<string, string>): Promise<{ error: CausewayError; root: string }> {
  const root = sourceTree(files);
  const result = await importDataset(format, { sourceDir: root, outDir: tempDir('import-errors') });
  if (result.ok) throw new Error('expected the import to fail');
  return { error: result.error, root };
}

const SOCK_HEADER = 'time,carts_cpu,carts_mem';
const GOOD_ANOMALOUS = `${SOCK_HEADER}\n1652812675,100,2\n1652812676,100,2\n`;

describe('import errors name the file, line and column at fault', () => {
  it('a cell that is not a number', async () => {
    const { error, root } = await importError('sock-shop-rcd', {
      'carts-cpu/1/normal.csv': `${SOCK_HEADER}\n1652565600,1,2\n1652565601,1,abc\n`,
      'carts-cpu/1/anomalous.csv': GOOD_ANOMALOUS,
    });
    expect(error.code).toBe('CW_ERR_DATASET_INVALID');
    expect(error.message).toBe(`${join(root, 'carts-cpu/1/normal.csv')}:3:14: "abc" is not a number (column "carts_mem")`);
  });

  it('a time that is not a number', async () => {
    const { error, root } = await importError('sock-shop-rcd', {
      'carts-cpu/1/normal.csv': `${SOCK_HEADER}\n1652565600,1,2\nyesterday,1,2\n`,
      'carts-cpu/1/anomalous.csv': GOOD_ANOMALOUS,
    });
    expect(error.message).toBe(`${join(root, 'carts-cpu/1/normal.csv')}:3:1: time "yesterday" is not a number`);
  });

  it('a missing time column', async () => {
    const { error, root } = await importError('rcaeval', {
      'RE1-OB/cartservice_mem/1/data.csv': 'timestamp_s,cartservice_mem\n1,2\n',
      'RE1-OB/cartservice_mem/1/inject_time.txt': '1\n',
    });
    expect(error.code).toBe('CW_ERR_DATASET_INVALID');
    expect(error.message).toBe(`${join(root, 'RE1-OB/cartservice_mem/1/data.csv')}:1:1: no time column (one of "time", "Time", "timestamp") in the header`);
  });

  it('a missing inject_time.txt', async () => {
    const { error, root } = await importError('rcaeval', { 'RE1-OB/cartservice_mem/1/data.csv': 'time,cartservice_mem\n1,2\n' });
    expect(error.code).toBe('CW_ERR_DATASET_NOT_FOUND');
    expect(error.message).toBe(
      `${join(root, 'RE1-OB/cartservice_mem/1/inject_time.txt')}: missing: every RCAEval case holds its fault injection time (Unix seconds) in this file`,
    );
  });

  it('an inject time that is not a number', async () => {
    const { error, root } = await importError('rcaeval', {
      'RE1-OB/cartservice_mem/1/data.csv': 'time,cartservice_mem\n1,2\n',
      'RE1-OB/cartservice_mem/1/inject_time.txt': 'soon\n',
    });
    expect(error.message).toBe(`${join(root, 'RE1-OB/cartservice_mem/1/inject_time.txt')}:1:1: "soon" is not a Unix time in seconds`);
  });

  it('a malformed quoted field in logs.csv', async () => {
    const { error, root } = await importError('rcaeval', {
      'RE2-OB/cartservice_mem/1/simple_metrics.csv': 'time,cartservice_mem\n1700000000,2\n1700000001,3\n',
      'RE2-OB/cartservice_mem/1/inject_time.txt': '1700000001',
      'RE2-OB/cartservice_mem/1/logs.csv': 'timestamp,container_name,message\n1700000000,cartservice,"ok"\n1700000001,cartservice,"bad"quote\n',
    });
    expect(error.message).toBe(`${join(root, 'RE2-OB/cartservice_mem/1/logs.csv')}:3:29: unexpected character "q" after a closing quote`);
  });

  it('a traces.csv without a required column, and a bad duration', async () => {
    const metrics = 'time,cartservice_mem\n1700000000,2\n1700000001,3\n';
    const missing = await importError('rcaeval', {
      'RE2-OB/cartservice_mem/1/simple_metrics.csv': metrics,
      'RE2-OB/cartservice_mem/1/inject_time.txt': '1700000001',
      'RE2-OB/cartservice_mem/1/traces.csv': 'traceID,spanID,startTime\n1,2,1700000000000000\n',
    });
    expect(missing.error.message).toBe(`${join(missing.root, 'RE2-OB/cartservice_mem/1/traces.csv')}:1:1: the header has no serviceName, no duration column`);
    const bad = await importError('rcaeval', {
      'RE2-OB/cartservice_mem/1/simple_metrics.csv': metrics,
      'RE2-OB/cartservice_mem/1/inject_time.txt': '1700000001',
      'RE2-OB/cartservice_mem/1/traces.csv': 'traceID,spanID,serviceName,startTime,duration\n1,2,cartservice,1700000000000000,long\n',
    });
    expect(bad.error.message).toBe(`${join(bad.root, 'RE2-OB/cartservice_mem/1/traces.csv')}:2:34: "long" is not a duration in microseconds (column "duration")`);
  });

  it('a folder name without a label, or with an unknown fault', async () => {
    const noLabel = await importError('rcaeval', { 'cases/1/data.csv': 'time,a_cpu\n1,2\n', 'cases/1/inject_time.txt': '1' });
    expect(noLabel.error.message).toBe(
      `${join(noLabel.root, 'cases/1')}: cannot read the label from the folder name "cases": expected <service>_<fault>/<repeat>, like checkoutservice_cpu/1`,
    );
    const unknown = await importError('rcaeval', { 'a_boom/1/data.csv': 'time,a_cpu\n1,2\n', 'a_boom/1/inject_time.txt': '1' });
    expect(unknown.error.message).toMatch(/a_boom\/1: unknown fault "boom" in "a_boom" \(known: cpu, mem, disk, delay, loss, socket, f1\.\.f5\)$/);
    const sock = await importError('sock-shop-rcd', { 'carts-disk/1/normal.csv': GOOD_ANOMALOUS, 'carts-disk/1/anomalous.csv': GOOD_ANOMALOUS });
    expect(sock.error.message).toMatch(/carts-disk\/1: cannot read the label from the folder name "carts-disk": expected <service>-<cpu\|mem>\/<n>/);
  });

  it('a Sock Shop case without anomalous.csv, and a source folder that does not exist', async () => {
    const { error, root } = await importError('sock-shop-rcd', { 'carts-cpu/1/normal.csv': GOOD_ANOMALOUS });
    expect(error.code).toBe('CW_ERR_DATASET_NOT_FOUND');
    expect(error.message).toBe(`${join(root, 'carts-cpu/1/anomalous.csv')}: missing: a case needs both normal.csv and anomalous.csv`);
    const missing = join(tempDir('import-errors'), 'nowhere');
    const result = await importDataset('rcaeval', { sourceDir: missing, outDir: tempDir('import-errors') });
    expect(!result.ok && result.error).toMatchObject({ code: 'CW_ERR_DATASET_NOT_FOUND', message: `${missing}: no such folder` });
  });
});
