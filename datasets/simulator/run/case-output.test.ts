import { describe, expect, it } from 'vitest';
import { decodeLogsJson } from '../../../collector/decode/logs-json.ts';
import { decodeMetricsJson } from '../../../collector/decode/metrics-json.ts';
import { decodeTracesJson } from '../../../collector/decode/traces-json.ts';
import { SIGNAL_FILES, scanRequest } from '../../format/index.ts';
import { generateInMemory } from '../testing/generate.ts';
import { earliestTimestampNanos } from './earliest-timestamp.ts';

const DECODERS = { traces: decodeTracesJson, metrics: decodeMetricsJson, logs: decodeLogsJson } as const;

const text = (lines: Record<string, readonly object[]>): string[] => SIGNAL_FILES.map((s) => (lines[s] ?? []).map((l) => JSON.stringify(l)).join('\n'));

describe('generated case output', () => {
  it('is the same bytes for the same seed and different data for another seed', async () => {
    const a = await generateInMemory({ system: 'sock-shop', kind: 'cpu-hog', minutes: 6, seed: 'same' });
    const b = await generateInMemory({ system: 'sock-shop', kind: 'cpu-hog', minutes: 6, seed: 'same' });
    const c = await generateInMemory({ system: 'sock-shop', kind: 'cpu-hog', minutes: 6, seed: 'other' });
    expect(text(b.sink.lines)).toEqual(text(a.sink.lines));
    expect(b.plan.truth).toEqual(a.plan.truth);
    const [ta, tc] = [text(a.sink.lines), text(c.sink.lines)];
    for (let i = 0; i < SIGNAL_FILES.length; i++) expect(tc[i]).not.toEqual(ta[i]);
  });

  it.each(['online-boutique', 'sock-shop', 'train-ticket'])('%s: every line decodes with no rejected item, in time order', async (system) => {
    const g = await generateInMemory({ system, kind: 'two-fault', minutes: 6 });
    for (const signal of SIGNAL_FILES) {
      const lines = g.sink.lines[signal];
      expect(lines.length, signal).toBeGreaterThan(10);
      let previous = 0n;
      for (const line of lines) {
        // Through JSON text, as a receiver gets it.
        const decoded = DECODERS[signal](JSON.parse(JSON.stringify(line)));
        expect(decoded.ok, signal).toBe(true);
        if (!decoded.ok) continue;
        expect(decoded.value.rejectedItems, decoded.value.rejectionMessage).toBe(0);
        expect(decoded.value.acceptedItems).toBeGreaterThan(0);
        const earliest = earliestTimestampNanos(signal, line)!;
        expect(earliest).toBe(scanRequest(signal, line).earliestNanos);
        expect(earliest >= previous, `${signal} out of order`).toBe(true);
        previous = earliest;
      }
    }
    // Everything lies in the window (spans may end a little after it).
    const start = Date.parse(g.plan.truth.window.start);
    const end = Date.parse(g.plan.truth.window.end);
    for (const s of g.index.spans) expect(s.startMs).toBeGreaterThanOrEqual(0);
    for (const p of g.index.points) expect(p.tMs + start).toBeLessThanOrEqual(end + 1_000);
  });

  it('uses the OTLP/JSON encoding: hex ids, integer enums, 64-bit integers as strings', async () => {
    const g = await generateInMemory({ system: 'online-boutique', kind: 'exception', minutes: 5 });
    const traces = JSON.stringify(g.sink.lines.traces.slice(0, 20));
    expect(traces).toMatch(/"traceId":"[0-9a-f]{32}"/);
    expect(traces).toMatch(/"spanId":"[0-9a-f]{16}"/);
    expect(traces).toMatch(/"kind":[0-5][,}]/);
    expect(traces).toMatch(/"startTimeUnixNano":"\d{19}"/);
    expect(traces).toMatch(/"intValue":"\d+"/);
    expect(traces).not.toMatch(/"trace_id"|"span_id"|SPAN_KIND_/);
    const metrics = JSON.stringify(g.sink.lines.metrics.slice(0, 20));
    expect(metrics).toMatch(/"aggregationTemporality":2/);
    expect(metrics).toMatch(/"bucketCounts":\["\d+"/);
    expect(metrics).toMatch(/"asInt":"\d+"/);
  });

  it('sets the resource attributes of services, pods and nodes', async () => {
    const g = await generateInMemory({ system: 'sock-shop', kind: 'control', minutes: 5 });
    const span = g.sink.lines.traces[0] as { resourceSpans: Array<{ resource: { attributes: Array<{ key: string }> } }> };
    const keys = span.resourceSpans[0]!.resource.attributes.map((a) => a.key);
    for (const k of ['service.name', 'service.namespace', 'service.version', 'service.instance.id', 'k8s.pod.name', 'k8s.namespace.name', 'k8s.node.name', 'host.name', 'container.id']) {
      expect(keys).toContain(k);
    }
    const metricNames = new Set(g.index.points.map((p) => p.metric));
    for (const m of [
      'k8s.pod.cpu.usage',
      'k8s.pod.memory.working_set',
      'container.memory.usage',
      'k8s.pod.network.io',
      'k8s.pod.network.errors',
      'k8s.pod.filesystem.usage',
      'k8s.container.restarts',
      'system.cpu.utilization',
      'system.memory.utilization',
      'system.filesystem.utilization',
      'system.network.errors',
      'http.server.request.duration',
      'http.server.requests',
      'jvm.memory.used',
      'jvm.gc.duration',
      'mongodb.operation.time',
      'rabbitmq.message.current',
    ]) {
      expect(metricNames, m).toContain(m);
    }
    // Pod metrics join on the same service.name as traces, databases included.
    expect(new Set(g.index.points.filter((p) => p.metric === 'k8s.pod.cpu.usage').map((p) => p.service))).toEqual(
      new Set([...g.plan.system.services.map((s) => s.name), ...g.plan.system.backing.map((b) => b.name)]),
    );
  });

  it('logs at every severity, with trace context on request logs and multi-line errors', async () => {
    const g = await generateInMemory({ system: 'online-boutique', kind: 'exception', target: 'productcatalogservice', minutes: 14 });
    const severities = new Set(g.index.logs.map((l) => l.severity));
    for (const s of ['INFO', 'WARN', 'ERROR']) expect(severities).toContain(s);
    const errors = g.index.logs.filter((l) => l.severity === 'ERROR' && l.service === 'productcatalogservice');
    expect(errors.length).toBeGreaterThan(5);
    expect(errors.every((l) => l.body.includes('\n'))).toBe(true);
    expect(errors.some((l) => l.traceId !== '')).toBe(true);
    const traced = new Set(g.index.spans.map((s) => s.traceId));
    expect(g.index.logs.some((l) => traced.has(l.traceId))).toBe(true);
    // The service without tracing logs without trace context.
    expect(g.index.logs.filter((l) => l.service === 'emailservice').every((l) => l.traceId === '')).toBe(true);
  });
});
