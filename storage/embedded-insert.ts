/**
 * Inserts of encoded bodies into the embedded engine.
 *
 * The embedded engine takes INSERT data only inline, after the statement
 * text, and cuts that text at the first empty line: a body holding the
 * bytes "\n\n" loses everything after them (an error, or no rows at all
 * and no error when the body starts with them). JSONEachRow bodies never
 * hold an empty line (JSON escapes newlines inside strings), so they go
 * inline. RowBinary bodies can hold any bytes, so they are written to a
 * private spool file (in /dev/shm, memory, where there is one) and read
 * back with the `file` table function:
 *
 *   INSERT INTO t (c1, c2) SELECT * FROM file('<spool>', 'RowBinary', 'c1 T1, c2 T2')
 *
 * The file is read as the body's own types (`types`: LowCardinality(T) as
 * T) and converted to the table's types column by column. That is exact,
 * and cheaper than RowBinary straight into the table, whose reader builds
 * each LowCardinality value on its own: measured on 20k spans into a Null
 * table, 38 ms including the file write against 102 ms.
 *
 * One chDB session runs one statement at a time, so inserts use a pool of
 * sessions on the store's folder (sessions on one folder share the engine
 * and its data): concurrent inserts then parse and write in parallel.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'chdb';
import { type InsertBody, insertStatement, quotedColumn, settingsClause, stringLiteral } from './insert-body.ts';

export interface EmbeddedBodyInserter {
  /**
   * Runs the insert; resolves once written. Rejects with the engine's
   * error (`Code: N. DB::Exception: ...`) or a file system error.
   */
  insert(insert: InsertBody): Promise<void>;
  /** Releases the sessions and the spool folder; call once no insert is running. Idempotent. */
  close(): void;
}

interface PooledSession {
  readonly session: Session;
  /** Statements running on it. */
  running: number;
}

/** Memory-backed where the system has it: the spool file lives for one insert. */
function spoolParent(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

/** Spool folders of inserters not closed yet, removed at the latest when the process exits. */
const openSpools = new Set<string>();
let exitHookInstalled = false;

function createSpool(): string {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', removeOpenSpools);
  }
  const spool = mkdtempSync(join(spoolParent(), 'causeway-insert-'));
  openSpools.add(spool);
  return spool;
}

function removeSpool(spool: string): void {
  openSpools.delete(spool);
  rmSync(spool, { recursive: true, force: true });
}

function removeOpenSpools(): void {
  for (const spool of openSpools) removeSpool(spool);
}

/**
 * An inserter on the data folder `path` with `sessions` sessions (default:
 * one per core, at most 4).
 */
export function openEmbeddedBodyInserter(path: string, sessions = Math.min(4, availableParallelism())): EmbeddedBodyInserter {
  const spool = createSpool();
  const pool: PooledSession[] = [];
  try {
    for (let i = 0; i < Math.max(1, sessions); i++) pool.push({ session: new Session(path), running: 0 });
  } catch (err) {
    for (const pooled of pool) pooled.session.close();
    removeSpool(spool);
    throw err;
  }
  let files = 0;
  let closed = false;

  async function run(sql: string): Promise<void> {
    let pooled = pool[0] as PooledSession;
    for (const candidate of pool) if (candidate.running < pooled.running) pooled = candidate;
    pooled.running++;
    try {
      await pooled.session.queryAsync(sql);
    } finally {
      pooled.running--;
    }
  }

  return {
    async insert(insert) {
      if (closed) throw new Error('embedded insert: the connection is closed');
      const settings = settingsClause(insert.settings);
      if (insert.format === 'JSONEachRow') {
        await run(`${insertStatement(insert, settings)}\n${insert.body.toString('utf8')}`);
        return;
      }
      if (insert.types.length !== insert.columns.length) throw new Error('embedded insert: one type per column is needed');
      const file = join(spool, `${files++}.rowbinary`);
      const columns = insert.columns.map(quotedColumn);
      const structure = columns.map((column, i) => `${column} ${insert.types[i] ?? ''}`).join(', ');
      await writeFile(file, insert.body, { mode: 0o600, flag: 'wx' });
      try {
        await run(`INSERT INTO ${insert.table} (${columns.join(', ')}) SELECT * FROM file(${stringLiteral(file)}, 'RowBinary', ${stringLiteral(structure)})${settings}`);
      } finally {
        await unlink(file).catch(() => undefined);
      }
    },
    close() {
      if (closed) return;
      closed = true;
      for (const pooled of pool) pooled.session.close();
      removeSpool(spool);
    },
  };
}
