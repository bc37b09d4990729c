import { describe, expect, it } from 'vitest';
import type { SignalSeries } from '../correlator/index.ts';
import { describeDeviation, evidenceSeries, formatDuration, formatValue, leadClause, leadSentence } from './explain.ts';
import { makeFrame, makeSeries } from './frame-fixtures.ts';
import type { Deviation } from './series-deviation.ts';

const series = (name: string, indicator: SignalSeries['indicator'], source: SignalSeries['source'] = 'metrics'): SignalSeries => ({ entity: 'svc', indicator, name, source, values: new Float64Array(0) });

function deviation(s: SignalSeries, baseline: number, peakValue: number, silent = false): Deviation {
  return { series: s, baseline, scale: 1, peak: 10, peakBucket: 0, peakValue, afterLevel: peakValue, sustained: 10, firstBucket: 0, silent, sampleBuckets: 1 };
}

describe('formatValue', () => {
  it('shows utilisations and error ratios in percent, latency in ms, memory in MiB or GiB, rates per second', () => {
    expect(formatValue(series('container.cpu.utilization', 'cpu'), 0.953)).toBe('95.3%');
    expect(formatValue(series('error_rate', 'errors', 'traces'), 0.25)).toBe('25%');
    expect(formatValue(series('latency_p95_ms', 'latency', 'traces'), 61.74)).toBe('61.7 ms');
    expect(formatValue(series('container.memory.usage', 'mem'), 300 * 1024 ** 2)).toBe('300 MiB');
    expect(formatValue(series('container.memory.usage', 'mem'), 2.5 * 1024 ** 3)).toBe('2.5 GiB');
    expect(formatValue(series('request_rate', 'traffic', 'traces'), 12)).toBe('12/s');
    expect(formatValue(series('http.server.request.duration.mean', 'latency'), 199.4)).toBe('199 ms');
    expect(formatValue(series('k8s.pod.cpu.usage', 'cpu'), 0.018)).toBe('0.018 cores');
    expect(formatValue(series('process.cpu.time.rate', 'cpu'), 1)).toBe('1 core');
    expect(formatValue(series('k8s.pod.network.io.rate', 'net'), 107)).toBe('107 B/s');
    expect(formatValue(series('k8s.pod.network.io.rate', 'net'), 3 * 1024 ** 2)).toBe('3 MiB/s');
    expect(formatValue(series('system.disk.io.rate', 'disk'), 2048)).toBe('2048 B/s');
    expect(formatValue(series('container.filesystem.usage', 'disk'), 5 * 1024 ** 3)).toBe('5 GiB');
    expect(formatValue(series('k8s.pod.network.errors.rate', 'net'), 2.5)).toBe('2.5/s');
    expect(formatValue(series('jvm.gc.duration.mean', 'mem'), 0.0064)).toBe('6.4 ms');
    expect(formatValue(series('some.gauge', 'net'), 0.0123)).toBe('0.012');
    expect(formatValue(series('some.gauge', 'net'), NaN)).toBe('no data');
  });
});

describe('formatDuration', () => {
  it('uses seconds up to two minutes, then minutes, then hours', () => {
    expect(formatDuration(40)).toBe('40 s');
    expect(formatDuration(150)).toBe('2.5 min');
    expect(formatDuration(5400)).toBe('90 min');
    expect(formatDuration(3 * 3600)).toBe('3 h');
  });
});

describe('describeDeviation', () => {
  it('says what rose or fell, from what to what, and by how much when it is a multiple', () => {
    expect(describeDeviation('payment', deviation(series('container.cpu.utilization', 'cpu'), 0.12, 0.95))).toBe('cpu of payment rose from 12% to 95%');
    expect(describeDeviation('db', deviation(series('latency_p95_ms', 'latency', 'traces'), 5, 60))).toBe('latency of db rose from 5 ms to 60 ms (12x)');
    expect(describeDeviation('shop', deviation(series('request_rate', 'traffic', 'traces'), 20, 3))).toBe('traffic of shop fell from 20/s to 3/s');
    expect(describeDeviation('cart', deviation(series('request_rate', 'traffic', 'traces'), 20, 20, true))).toBe('cart stopped reporting request_rate');
    // Where the indicator's name would not say what was measured, the sentence says it.
    expect(describeDeviation('front-end', deviation(series('log_error_rate', 'log', 'logs'), 0, 1.7))).toBe('error logs of front-end rose from 0/s to 1.7/s');
    expect(describeDeviation('orders', deviation(series('error_rate', 'errors', 'traces'), 0.01, 0.59))).toBe('error rate of orders rose from 1% to 59%');
  });

  it('names the series when its values carry no unit, or one that is not its indicator\'s own', () => {
    expect(describeDeviation('orders', deviation(series('jvm.gc.duration.mean', 'mem'), 0.0064, 0.057))).toBe('mem of orders (jvm.gc.duration.mean) rose from 6.4 ms to 57 ms (8.91x)');
    expect(describeDeviation('orders', deviation(series('some.gauge', 'net'), 0.012, 0.05))).toBe('net of orders (some.gauge) rose from 0.012 to 0.05 (4.17x)');
    expect(describeDeviation('carts', deviation(series('k8s.pod.network.errors.rate', 'net'), 0, 3))).toBe('net of carts (k8s.pod.network.errors.rate) rose from 0/s to 3/s');
    expect(describeDeviation('carts', deviation(series('k8s.pod.network.io.rate', 'net'), 2048, 1024))).toBe('net of carts fell from 2048 B/s to 1024 B/s');
    expect(describeDeviation('orders', deviation(series('container.memory.usage', 'mem'), 300 * 1024 ** 2, 700 * 1024 ** 2))).toBe('mem of orders rose from 300 MiB to 700 MiB');
  });
});

describe('lead sentences', () => {
  it("round-trip the propagation clause for the same entity only", () => {
    const sentence = leadSentence('payment', '40 s before its 3 callers slowed');
    expect(sentence).toBe('payment changed 40 s before its 3 callers slowed');
    expect(leadClause('payment', sentence)).toBe('40 s before its 3 callers slowed');
    expect(leadClause('pay', sentence)).toBeUndefined();
    expect(leadClause('payment', 'cpu of payment rose')).toBeUndefined();
  });
});

describe('evidenceSeries', () => {
  it('cuts a window of the series, clamped to the frame, with null for no data', () => {
    const s = makeSeries({ entity: 'x', indicator: 'cpu', name: 'cpu', level: () => 1, noise: 0 });
    const values = Float64Array.from(s.values, (v, i) => (i === 1 ? NaN : v));
    const frame = makeFrame([{ ...s, values }]);
    const e = evidenceSeries(frame, frame.series[0]!, -5, 3);
    expect(e).toEqual({ entity: 'x', signal: 'cpu', fromMillis: frame.fromMillis, stepSeconds: 10, values: [1, null, 1] });
  });
});
