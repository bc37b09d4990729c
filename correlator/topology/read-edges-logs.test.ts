/**
 * Calls named by logs (read-edges.ts) read from hand-built spans and log
 * records on the real embedded engine: an engine of its own, as one process
 * holds one data directory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../storage/index.ts';
import { logRowOf } from '../../storage/testing/log-row.ts';
import { openMigratedStore, storeOptions, tempDir } from '../../storage/testing/test-store.ts';
import { readTopology } from './read-edges.ts';
import { createServiceGraph } from './service-graph.ts';
import { FIXTURE_WINDOW, KEEP_FOREVER, fixtureSpans } from './topology-fixtures.ts';
import type { TopologyData } from './topology.ts';

describe('readTopology: calls named by logs', () => {
  const logDir = tempDir('topology-log-calls');
  let logStore: Store;
  let withLogs: TopologyData;

  const t = FIXTURE_WINDOW.fromMillis + 30_000;
  const log = (service: string, severityNumber: number, body: string, atMillis = t) =>
    logRowOf({ Timestamp: (BigInt(atMillis) * 1_000_000n).toString(), ServiceName: service, SeverityNumber: severityNumber, Body: body });

  beforeAll(async () => {
    logStore = await openMigratedStore(storeOptions({ dataDir: logDir.path, retention: KEEP_FOREVER }));
    const spans = await logStore.insertRows('otel_traces', fixtureSpans());
    if (!spans.ok) throw new Error(spans.error.message);
    const logs = await logStore.insertRows('otel_logs', [
      // cart's HTTP client is not traced; its errors name frontend, twice in one record (one call).
      log('cart', 17, 'I/O error on POST request for "http://frontend:8080/api/cart": Connection refused; retry of http://frontend:8080/api/cart failed'),
      log('cart', 13, 'Retrying request after HttpServerErrorException for "http://frontend.shop.svc.cluster.local/api" (attempt 2 of 2)'),
      // A call the traces show already: counted once, from the spans.
      log('frontend', 17, 'call to http://cart:7070/items failed'),
      // Not a service with spans, or the logging service itself: no edge.
      log('cart', 17, 'POST https://api.stripe.com/v1/charges failed'),
      log('cart', 17, 'health check of http://cart:7070/health failed'),
      // An INFO record, and one at the window's end (the range is half-open): not counted towards cart -> frontend.
      log('cart', 9, 'fetched http://frontend:8080/api/cart in 2 ms'),
      log('cart', 17, 'I/O error on GET request for "http://frontend:8080/api"', FIXTURE_WINDOW.toMillis),
    ]);
    if (!logs.ok) throw new Error(logs.error.message);
    const read = await readTopology(logStore, FIXTURE_WINDOW);
    if (!read.ok) throw new Error(read.error.message);
    withLogs = read.value;
  });
  afterAll(async () => {
    await logStore?.close();
    logDir.remove();
  });

  it('adds a call from a service to another one its WARN-or-worse records name in a URL, where no trace shows it', () => {
    const calls = withLogs.edges.filter((e) => e.kind === 'calls').map((e) => `${e.from}->${e.to}`);
    expect(calls).toEqual(['cart->frontend', 'cart->redis-main', 'frontend->cart', 'frontend->stripe']);
    // Two records name frontend: by its name and by the first label of its cluster DNS name. No latency is known.
    expect(withLogs.edges.find((e) => e.from === 'cart' && e.to === 'frontend')).toMatchObject({ calls: 2, errors: 2, p50Ms: 0, p95Ms: 0 });
    // The traced call keeps the spans' counts.
    expect(withLogs.edges.find((e) => e.from === 'frontend' && e.to === 'cart')).toMatchObject({ calls: 3, errors: 2 });
    expect(createServiceGraph(withLogs).callers('frontend')).toEqual(['cart']);
  });
});
