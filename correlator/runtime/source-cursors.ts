/**
 * Advances the anomaly sources (detect/anomaly-source.ts) as windows close.
 * Each source has its own cursor: a source whose call failed is not moved,
 * and its next call covers everything since its last success, so its
 * windows stay in order and without gaps, and one failing source neither
 * holds the others back nor is skipped.
 */
import type { CausewayError } from '../../core/errors.ts';
import type { Anomaly } from '../detect/anomaly.ts';
import type { AnomalySource } from '../detect/anomaly-source.ts';

export interface SourceAdvance {
  readonly anomalies: Anomaly[];
  /** The first failure, naming the source; the other sources advanced. */
  readonly error?: CausewayError;
}

export interface SourceCursors {
  advance(toMillis: number): Promise<SourceAdvance>;
  /** Flushes every source that holds writes back; the first failure, naming the source. */
  flush(): Promise<CausewayError | undefined>;
}

export function createSourceCursors(sources: readonly AnomalySource[], startMillis: number): SourceCursors {
  const cursors = sources.map((source) => ({ source, fromMillis: startMillis }));
  return {
    async advance(toMillis) {
      const anomalies: Anomaly[] = [];
      let error: CausewayError | undefined;
      for (const cursor of cursors) {
        const r = await cursor.source.advance(cursor.fromMillis, toMillis);
        if (!r.ok) {
          error ??= { ...r.error, message: `anomaly source ${cursor.source.name}: ${r.error.message}` };
          continue;
        }
        cursor.fromMillis = toMillis;
        anomalies.push(...r.value);
      }
      return error ? { anomalies, error } : { anomalies };
    },
    async flush() {
      let error: CausewayError | undefined;
      for (const { source } of cursors) {
        const r = (await source.flush?.()) ?? { ok: true as const, value: undefined };
        if (!r.ok) error ??= { ...r.error, message: `anomaly source ${source.name}: ${r.error.message}` };
      }
      return error;
    },
  };
}
