/**
 * ClickHouse settings the Store sends, chosen so both engines behave the
 * same. Only settings the server knows may be sent: an unknown one fails
 * the request (UNKNOWN_SETTING), so newer settings depend on the version.
 */
import type { ClickHouseSettings } from '@clickhouse/client';
import type { StoreKind } from './client-factory.ts';

/** Settings sent with every read: the same JSON on both engines (chDB and servers differ by default). */
export const QUERY_SETTINGS: ClickHouseSettings = { output_format_json_quote_64bit_integers: 0 };

/**
 * Settings of reads, chosen once per store. On the embedded engine, no JIT
 * compilation of expressions: its reads are the correlator's small ones,
 * the same statement every window, where compiling never pays back. With it
 * on, a statement run a few times is compiled, and a window's span rollup
 * read took 16-17 ms instead of 6-7 ms through a whole 60-window pass of
 * `bench:correlator` (docs/performance.md). A server keeps its own default,
 * which large scans may profit from.
 */
export function querySettings(kind: StoreKind): ClickHouseSettings {
  return kind === 'embedded' ? { ...QUERY_SETTINGS, compile_expressions: 0 } : QUERY_SETTINGS;
}

/** `[major, minor]` of a version string such as `24.3.1.2672`. */
export function parseVersion(version: string): [number, number] {
  const [major = '0', minor = '0'] = version.split('.');
  return [Number.parseInt(major, 10) || 0, Number.parseInt(minor, 10) || 0];
}

export function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [ma, mi] = parseVersion(version);
  return ma > major || (ma === major && mi >= minor);
}

/** Settings of inserts, chosen once per store. */
export function insertSettings(kind: StoreKind, serverVersion: string, cluster: string): ClickHouseSettings {
  const settings: ClickHouseSettings = { input_format_skip_unknown_fields: 0 };
  if (kind === 'embedded') {
    // chDB batches inserts asynchronously by default; the collector batches already.
    settings.async_insert = 0;
  } else if (versionAtLeast(serverVersion, 21, 11)) {
    // If the server's profile turns async inserts on, still answer only once written.
    settings.wait_for_async_insert = 1;
  }
  // A Distributed table otherwise queues rows locally and answers at once.
  // This is the name every version knows; newer ones alias it to
  // distributed_foreground_insert.
  if (cluster !== '') settings.insert_distributed_sync = 1;
  return settings;
}
