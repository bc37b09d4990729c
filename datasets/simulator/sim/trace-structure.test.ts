import { describe, expect, it } from 'vitest';
import { buildCallGraph } from '../topology/graph.ts';
import { generateInMemory } from '../testing/generate.ts';
import type { SpanRow } from '../testing/telemetry-index.ts';

const KIND = { UNSPECIFIED: 0, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 };

describe.each(['online-boutique', 'sock-shop', 'train-ticket'])('traces of %s', (system) => {
  it('follow the call graph with resolvable parents and client/server pairs on topology edges', async () => {
    const g = await generateInMemory({ system, kind: 'control', minutes: 6, traceSampleRatio: 0.3 });
    const graph = buildCallGraph(g.plan.system);
    const entries = new Set(g.plan.system.entries.map((e) => e.service));
    const byId = new Map<string, SpanRow>();
    for (const s of g.index.spans) byId.set(`${s.traceId}/${s.spanId}`, s);
    expect(byId.size).toBe(g.index.spans.length);
    expect(g.index.spans.length).toBeGreaterThan(500);

    // A trace started before the window start or cut by its end may lack spans
    // that fell outside; everything else must resolve.
    const cut = (s: SpanRow) => s.startMs < 5_000 || s.startMs + s.durationMs > g.plan.durationMs - 65_000;
    let pairs = 0;
    for (const s of g.index.spans) {
      if (s.parentSpanId === '') {
        expect(entries.has(s.service), `${s.service} ${s.name} is a root`).toBe(true);
        expect(s.kind).toBe(KIND.SERVER);
        continue;
      }
      const parent = byId.get(`${s.traceId}/${s.parentSpanId}`);
      if (!parent) {
        expect(cut(s), `${s.service} ${s.name}: parent missing`).toBe(true);
        continue;
      }
      if (parent.service !== s.service) {
        // A cross-service hop: the caller's client (or producer) span is the parent of the callee's server (or consumer) span.
        expect([KIND.CLIENT, KIND.PRODUCER, KIND.UNSPECIFIED]).toContain(parent.kind);
        expect([KIND.SERVER, KIND.CONSUMER, KIND.UNSPECIFIED]).toContain(s.kind);
        expect(graph.callees(parent.service).has(s.service), `${parent.service} -> ${s.service}`).toBe(true);
        expect(s.startMs).toBeGreaterThanOrEqual(parent.startMs);
        if (s.kind === KIND.SERVER) expect(s.startMs + s.durationMs).toBeLessThanOrEqual(parent.startMs + parent.durationMs + 1 + (parent.statusCode === 2 ? 60_000 : 0));
        pairs++;
      } else {
        // Within a service: client spans hang off the server span they serve.
        expect([KIND.SERVER, KIND.CONSUMER, KIND.UNSPECIFIED]).toContain(parent.kind);
      }
    }
    expect(pairs).toBeGreaterThan(100);
  });

  it('describes calls with the semantic-convention attributes', async () => {
    const g = await generateInMemory({ system, kind: 'control', minutes: 5, traceSampleRatio: 0.3 });
    const legacy = new Set(g.plan.system.services.filter((s) => s.telemetry.traces === 'legacy').map((s) => s.name));
    const none = g.plan.system.services.find((s) => s.telemetry.traces === 'none')!;
    expect(g.index.spans.some((s) => s.service === none.name)).toBe(false);
    const dbs = new Set(g.plan.system.backing.filter((b) => b.kind === 'database').map((b) => b.name));
    let dbSpans = 0;
    for (const s of g.index.spans) {
      if (legacy.has(s.service)) {
        expect(s.kind).toBe(KIND.UNSPECIFIED);
        expect(s.statusCode).toBe(0);
        continue;
      }
      const a = s.attributes;
      if (s.kind === KIND.CLIENT && a['db.system'] !== undefined) {
        dbSpans++;
        expect(dbs.has(String(a['server.address']))).toBe(true);
        expect(a['db.namespace']).toBeDefined();
        expect(a['db.operation.name']).toBeDefined();
      } else if (s.kind === KIND.CLIENT || s.kind === KIND.SERVER) {
        if (a['rpc.system'] === 'grpc') {
          expect(a['rpc.service']).toBeDefined();
          expect(a['rpc.method']).toBeDefined();
        } else {
          expect(a['http.request.method']).toBeDefined();
          expect(a['server.address']).toBeDefined();
          if (s.kind === KIND.SERVER) {
            expect(a['http.route']).toBeDefined();
            expect(a['url.path']).toBeDefined();
            expect(a['http.response.status_code']).toBeDefined();
          }
        }
      } else if (s.kind === KIND.PRODUCER || s.kind === KIND.CONSUMER) {
        expect(a['messaging.system']).toBe('rabbitmq');
        expect(a['messaging.destination.name']).toBeDefined();
      }
    }
    expect(dbSpans).toBeGreaterThan(0);
    if (system !== 'online-boutique') {
      expect(g.index.spans.some((s) => s.kind === KIND.PRODUCER)).toBe(true);
      expect(g.index.spans.some((s) => s.kind === KIND.CONSUMER)).toBe(true);
    }
  });
});

describe('failed spans', () => {
  it('carry status ERROR and exception events with type, message and stack trace', async () => {
    const g = await generateInMemory({ system: 'sock-shop', kind: 'exception', target: 'user', minutes: 14, traceSampleRatio: 0.5 });
    const failed = g.index.spans.filter((s) => s.service === 'user' && s.kind === KIND.SERVER && s.statusCode === 2);
    expect(failed.length).toBeGreaterThan(10);
    expect(failed.every((s) => s.events.includes('exception'))).toBe(true);
    expect(failed.every((s) => Number(s.attributes['http.response.status_code']) >= 500)).toBe(true);
    const raw = JSON.stringify(g.sink.lines.traces);
    expect(raw).toContain('"exception.stacktrace"');
    expect(raw).toContain('"exception.type"');
  });
});
