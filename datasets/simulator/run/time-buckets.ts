/**
 * Items keyed by the whole second they belong to, taken out one second at
 * a time. The simulation produces records out of time order (a request's
 * spans end over the following seconds); buckets restore the order at
 * second granularity without sorting everything.
 */
export class TimeBuckets<T> {
  private readonly buckets = new Map<number, T[]>();

  add(tMs: number, item: T): void {
    const second = Math.floor(tMs / 1000);
    let list = this.buckets.get(second);
    if (!list) this.buckets.set(second, (list = []));
    list.push(item);
  }

  /** Removes and returns the items of second `second` (in insertion order). */
  take(second: number): T[] {
    const list = this.buckets.get(second);
    if (!list) return [];
    this.buckets.delete(second);
    return list;
  }
}
