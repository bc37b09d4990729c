/**
 * Polls `/readyz` of a Causeway API until it answers 200: for tools, tests
 * and benchmarks that start Causeway as a separate process. Fails early
 * when that process has exited.
 */
import type { ChildProcess } from 'node:child_process';

export async function waitUntilReady(apiUrl: string, options: { child?: ChildProcess; timeoutMillis?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMillis ?? 30_000);
  while (Date.now() < deadline) {
    if (options.child && options.child.exitCode !== null) throw new Error(`Causeway exited with ${options.child.exitCode}`);
    try {
      if ((await fetch(`${apiUrl}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Causeway at ${apiUrl} did not become ready in ${options.timeoutMillis ?? 30_000} ms`);
}
