/**
 * Every long-lived component (receivers, the batching writer, the API) has
 * `start()` and `shutdown()`. `shutdown()` stops taking new work, finishes or
 * flushes what was accepted, and resolves once nothing of it is left running.
 */
export interface Lifecycle {
  start(): Promise<void>;
  shutdown(): Promise<void>;
}
