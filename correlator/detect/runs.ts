/** Maximal runs of consecutive buckets carrying the same non-null mark. */
export interface Run<T> {
  readonly mark: T;
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

export function runsOf<T>(marks: readonly (T | null)[], minLength: number): Run<T>[] {
  const out: Run<T>[] = [];
  let start = 0;
  for (let i = 0; i <= marks.length; i++) {
    const prev = i > 0 ? (marks[i - 1] ?? null) : null;
    const cur = i < marks.length ? (marks[i] ?? null) : null;
    if (cur !== prev) {
      if (prev !== null && i - start >= minLength) out.push({ mark: prev, start, end: i });
      start = i;
    }
  }
  return out;
}
