/**
 * Bounds the bytes of telemetry received but not yet stored. A receiver
 * acquires a request's charge before decoding it and releases it once the
 * request is answered; when the bound would be crossed it refuses the
 * request with a retryable signal instead of letting memory grow.
 *
 * A request whose charge alone exceeds the limit is still admitted when
 * nothing else is in flight: refusing it as "overloaded" would be a lie the
 * sender retries forever (its size is bounded by the body limits, which say
 * 413 when crossed). Memory then peaks at one request's charge.
 */
export interface InFlightLimiter {
  /** Takes `bytes` if they fit under the limit, or if nothing is in flight; returns false (taking nothing) otherwise. */
  tryAcquire(bytes: number): boolean;
  /** Whether `bytes` more would fit right now (for refusing before a body is read). */
  wouldFit(bytes: number): boolean;
  release(bytes: number): void;
  readonly inFlightBytes: number;
  readonly limitBytes: number;
}

export function createInFlightLimiter(limitBytes: number): InFlightLimiter {
  let inFlight = 0;
  return {
    tryAcquire(bytes) {
      if (inFlight > 0 && inFlight + bytes > limitBytes) return false;
      inFlight += bytes;
      return true;
    },
    wouldFit(bytes) {
      return inFlight === 0 || inFlight + bytes <= limitBytes;
    },
    release(bytes) {
      inFlight -= bytes;
      if (inFlight < 0) throw new Error(`in-flight bytes went negative (${inFlight}): a release without an acquire`);
    },
    get inFlightBytes() {
      return inFlight;
    },
    limitBytes,
  };
}
