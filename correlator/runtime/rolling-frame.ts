/**
 * The signal history the runtime's detectors judge: one bucket per closed
 * window, appended in order, at most `capacity` buckets kept. Memory is
 * bounded by series x capacity; appending costs the same whatever the
 * history length (amortised: each series' buffer is twice the capacity and
 * slides back once per `capacity` appends).
 *
 * A series that has had no data for the whole history is dropped, so
 * entities that went away do not cost forever.
 */
import type { Indicator, SignalFrame, SignalSource } from '../signals/signal-frame.ts';

export interface RollingSeries {
  /** entity, name and source: the identity of a series, as the signal reader keys it. */
  readonly key: string;
  readonly entity: string;
  readonly indicator: Indicator;
  readonly name: string;
  readonly source: SignalSource;
  /** One value per bucket held, oldest first; NaN = no data. A view, valid until the next append. */
  readonly values: Float64Array;
}

export interface RollingFrame {
  readonly stepSeconds: number;
  /** Start of the oldest bucket held (the next bucket's start when empty). */
  fromMillis(): number;
  buckets(): number;
  /**
   * Appends the bucket starting at `bucketStartMillis`, which must follow the
   * previous one. `column` holds the values of that one bucket (`values[0]`
   * of each series); series it lacks get NaN.
   */
  append(bucketStartMillis: number, column: SignalFrame): void;
  /** The series held, in order of first appearance. */
  series(): readonly RollingSeries[];
  /** A copy of the history as a signal frame (series sorted as the signal reader sorts them). */
  snapshot(): SignalFrame;
}

interface Slot {
  readonly entity: string;
  readonly indicator: Indicator;
  readonly name: string;
  readonly source: SignalSource;
  readonly buffer: Float64Array;
  lastDataMillis: number;
}

const keyOf = (entity: string, name: string, source: string) => `${entity}\u0000${name}\u0000${source}`;

export function createRollingFrame(stepSeconds: number, capacity: number, firstBucketMillis: number): RollingFrame {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`rolling frame: capacity must be a positive integer (got ${capacity})`);
  const stepMillis = stepSeconds * 1000;
  const slots = new Map<string, Slot>();
  let lo = 0;
  let hi = 0;
  let from = firstBucketMillis;

  function slide(): void {
    for (const slot of slots.values()) slot.buffer.copyWithin(0, lo, hi);
    hi -= lo;
    lo = 0;
  }

  return {
    stepSeconds,
    fromMillis: () => from,
    buckets: () => hi - lo,
    append(bucketStartMillis, column) {
      const expected = from + (hi - lo) * stepMillis;
      if (bucketStartMillis !== expected) throw new RangeError(`rolling frame: appended ${bucketStartMillis}, expected the next bucket ${expected}`);
      if (column.stepSeconds !== stepSeconds) throw new RangeError(`rolling frame: a ${column.stepSeconds}s bucket on a ${stepSeconds}s frame`);
      if (hi === 2 * capacity) slide();
      for (const slot of slots.values()) slot.buffer[hi] = NaN;
      for (const s of column.series) {
        const key = keyOf(s.entity, s.name, s.source);
        let slot = slots.get(key);
        if (!slot) {
          slot = { entity: s.entity, indicator: s.indicator, name: s.name, source: s.source, buffer: new Float64Array(2 * capacity).fill(NaN), lastDataMillis: -Infinity };
          slots.set(key, slot);
        }
        const v = s.values[0] ?? NaN;
        slot.buffer[hi] = v;
        if (Number.isFinite(v)) slot.lastDataMillis = bucketStartMillis;
      }
      hi++;
      if (hi - lo > capacity) {
        lo++;
        from += stepMillis;
      }
      for (const [key, slot] of slots) if (slot.lastDataMillis < from) slots.delete(key);
    },
    series: () =>
      [...slots].map(([key, s]) => ({ key, entity: s.entity, indicator: s.indicator, name: s.name, source: s.source, values: s.buffer.subarray(lo, hi) })),
    snapshot() {
      const series = [...slots.values()]
        .sort((a, b) => `${a.entity}/${a.name}`.localeCompare(`${b.entity}/${b.name}`))
        .map((s) => ({ entity: s.entity, indicator: s.indicator, name: s.name, source: s.source, values: s.buffer.slice(lo, hi) }));
      return { fromMillis: from, stepSeconds, buckets: hi - lo, series };
    },
  };
}
