/**
 * Log sampling as production loggers do it (zap's sampler, log4j's
 * BurstFilter): per pod and kind of message, the first `burst` lines of
 * each second are written, then one in `thereafter`. An error storm still
 * shows as many more error lines than usual, without writing every one.
 */
export class LogBurstLimiter {
  private readonly counts = new Map<string, number>();
  private newestSecond = 0;

  constructor(
    private readonly burst = 4,
    private readonly thereafter = 10,
  ) {}

  allow(podKey: string, kind: string, tMs: number): boolean {
    const second = Math.floor(tMs / 1000);
    if (second > this.newestSecond + 120) this.prune(second);
    this.newestSecond = Math.max(this.newestSecond, second);
    const key = `${second}|${podKey}|${kind}`;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n <= this.burst || (n - this.burst) % this.thereafter === 0;
  }

  /** Forgets seconds long past (requests never log that far back). */
  private prune(now: number): void {
    for (const key of this.counts.keys()) if (Number(key.slice(0, key.indexOf('|'))) < now - 120) this.counts.delete(key);
  }
}
