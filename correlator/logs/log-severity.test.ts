import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../storage/index.ts';
import { openTestStore, storeOptions, tempDir } from '../../storage/testing/test-store.ts';
import { EFFECTIVE_SEVERITY_SQL, SEVERITY_NUMBER } from './log-severity.ts';

const dir = tempDir('log-severity');
let store: Store;

beforeAll(async () => {
  store = await openTestStore(storeOptions({ dataDir: dir.path }));
});

afterAll(async () => {
  await store?.close();
  dir.remove();
});

/** The effective severity the engine computes for each (number, text) record. */
async function effective(records: ReadonlyArray<readonly [number, string]>): Promise<number[]> {
  const values = records.map(([n, t]) => `(${n}, '${t}')`).join(', ');
  const rows = await store.queryRows<{ sev: number }>(
    `SELECT ${EFFECTIVE_SEVERITY_SQL} AS sev FROM (SELECT tupleElement(r, 1) AS SeverityNumber, tupleElement(r, 2) AS SeverityText, rowNumberInAllBlocks() AS i FROM (SELECT arrayJoin([${values}]) AS r)) ORDER BY i`,
  );
  if (!rows.ok) throw new Error(rows.error.message);
  return rows.value.map((r) => Number(r.sev));
}

describe('the effective severity of a log record, in the engine', () => {
  it('is the SeverityNumber when one is set, whatever the text says', async () => {
    expect(await effective([[9, 'ERROR'], [17, ''], [21, 'info']])).toEqual([9, 17, 21]);
  });

  it('is the level the text names, in any case, when the number is unset', async () => {
    const { fatal, error, warn, info, debug, trace } = SEVERITY_NUMBER;
    expect(
      await effective([
        [0, 'panic'], [0, 'Critical'], [0, 'EMERG'], [0, 'error'], [0, 'Err'], [0, 'SEVERE'], [0, 'warning'], [0, 'WARN'],
        [0, 'notice'], [0, 'Information'], [0, 'FINE'], [0, 'debug'], [0, 'finest'], [0, 'TRACE'],
      ]),
    ).toEqual([fatal, fatal, fatal, error, error, error, warn, warn, info, info, debug, debug, trace, trace]);
  });

  it('is 0 when neither the number nor the text says', async () => {
    expect(await effective([[0, ''], [0, 'E'], [0, 'errors'], [0, 'verbose']])).toEqual([0, 0, 0, 0]);
  });
});
