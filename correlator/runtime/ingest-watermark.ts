/**
 * The live watermark: the newest event time among rows stored, less the
 * allowed lateness (DESIGN.md, event time). Rows stamped beyond the wall
 * clock plus `maxClockSkewSeconds` count as stamped at that bound when they
 * arrive, so a client with a clock in the future moves event time only as
 * far as the real present, and never ahead of it afterwards.
 *
 * Also remembers the earliest event time stored, where a runtime started
 * on live traffic begins (so its windows and warm-up follow the data, as in
 * an evaluation of the same data).
 */

export interface IngestWatermarkOptions {
  readonly allowedLatenessSeconds: number;
  readonly maxClockSkewSeconds: number;
  /** The wall clock; injectable for tests. */
  readonly nowMillis?: () => number;
}

export interface IngestWatermark {
  /** Records the event-time range of rows just stored. */
  observe(oldestMillis: number, newestMillis: number): void;
  /** Newest event time seen less the allowed lateness; undefined before any row. */
  watermarkMillis(): number | undefined;
  /** Earliest event time seen; undefined before any row. */
  earliestMillis(): number | undefined;
}

export function createIngestWatermark(options: IngestWatermarkOptions): IngestWatermark {
  const latenessMillis = options.allowedLatenessSeconds * 1000;
  const skewMillis = options.maxClockSkewSeconds * 1000;
  if (!(latenessMillis >= 0) || !(skewMillis >= 0)) throw new RangeError('ingest watermark: allowedLatenessSeconds and maxClockSkewSeconds must be >= 0');
  const now = options.nowMillis ?? Date.now;
  let newest = Number.NEGATIVE_INFINITY;
  let earliest = Number.POSITIVE_INFINITY;
  return {
    observe(oldestMillis, newestMillis) {
      if (!Number.isFinite(oldestMillis) || !Number.isFinite(newestMillis)) return;
      const bound = now() + skewMillis;
      newest = Math.max(newest, Math.min(newestMillis, bound));
      earliest = Math.min(earliest, Math.min(oldestMillis, bound));
    },
    watermarkMillis: () => (Number.isFinite(newest) ? newest - latenessMillis : undefined),
    earliestMillis: () => (Number.isFinite(earliest) ? earliest : undefined),
  };
}
