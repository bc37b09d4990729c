import { describe, expect, it } from 'vitest';
import { ONSET_BUCKET, cpuHogCase, makeAnomaly, makeContext, makeFrame, makeSeries, step } from '../frame-fixtures.ts';
import { prepareInput } from '../scorer-input.ts';
import type { EntityScore } from '../scorer.ts';
import type { RankingContext } from '../../correlator/index.ts';
import { CHANGE_MAGNITUDE, createChangeMagnitudeScorer } from './change-magnitude.ts';

async function scores(context: RankingContext): Promise<EntityScore[]> {
  const r = await createChangeMagnitudeScorer().score(prepareInput(context).input);
  if (!r.ok) throw new Error(r.error.message);
  return [...r.value].sort((a, b) => b.score - a.score);
}

describe('change-magnitude scorer', () => {
  it('blames the series that left its baseline furthest, with its indicator', async () => {
    const [top, next] = await scores(cpuHogCase());
    expect(top).toMatchObject({ entity: 'payment', indicator: 'cpu' });
    expect(top!.score).toBeGreaterThan(next!.score);
    expect(top!.explanation).toMatch(/^cpu of payment rose from 12% to 9\d(\.\d)?%$/);
  });

  it('keeps every score in [0, 1] and gives no score to a candidate without series', async () => {
    const context = cpuHogCase();
    const input = prepareInput(context).input;
    const r = await createChangeMagnitudeScorer().score({ ...input, candidates: [...input.candidates, 'ghost'] });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.map((s) => s.entity).sort()).toEqual(['checkout', 'payment']);
    for (const s of r.value) {
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(1);
    }
  });

  it('scores a shift that lasts above a one-bucket blip of the same height', async () => {
    const steady = makeSeries({ entity: 'steady', indicator: 'cpu', name: 'container.cpu.utilization', level: step(0.3, 0.45) });
    const blip = makeSeries({ entity: 'blip', indicator: 'cpu', name: 'container.cpu.utilization', level: (b) => (b === ONSET_BUCKET + 5 ? 0.45 : 0.3) });
    const anomalies = [makeAnomaly('steady', 'cpu', 'container.cpu.utilization', ONSET_BUCKET), makeAnomaly('blip', 'cpu', 'container.cpu.utilization', ONSET_BUCKET + 5)];
    const [first, second] = await scores(makeContext(makeFrame([steady, blip]), undefined, anomalies));
    expect(first!.entity).toBe('steady');
    expect(second!.entity).toBe('blip');
    expect(second!.score).toBeLessThan(first!.score - 0.03);
  });

  it('shows the series around the onset as evidence', async () => {
    const [top] = await scores(cpuHogCase());
    const series = top!.evidence.series![0]!;
    expect(series).toMatchObject({ entity: 'payment', signal: 'container.cpu.utilization', stepSeconds: 10 });
    const onsetIndex = (cpuHogCase().frame.fromMillis + ONSET_BUCKET * 10_000 - series.fromMillis) / 10_000;
    expect(series.values[onsetIndex - 1]!).toBeLessThan(0.2);
    expect(series.values[onsetIndex]!).toBeGreaterThan(0.8);
  });

  it('counts a series whose data stopped after the onset as the largest change', async () => {
    const silent = makeSeries({ entity: 'cart', indicator: 'traffic', name: 'request_rate', source: 'traces', level: () => 20 });
    const values = Float64Array.from(silent.values, (v, i) => (i >= ONSET_BUCKET ? NaN : v));
    const other = makeSeries({ entity: 'front', indicator: 'latency', name: 'latency_p95_ms', source: 'traces', level: step(50, 80) });
    const context = makeContext(makeFrame([{ ...silent, values }, other]), undefined, [makeAnomaly('front', 'latency', 'latency_p95_ms', ONSET_BUCKET)]);
    const input = { ...prepareInput(context).input, candidates: ['cart', 'front'] };
    const r = await createChangeMagnitudeScorer().score(input);
    if (!r.ok) throw new Error(r.error.message);
    const cart = r.value.find((s) => s.entity === 'cart')!;
    expect(cart.score).toBe(1);
    expect(cart.explanation).toBe('cart stopped reporting request_rate');
  });

  it("scales a resource change down when the service's answers did not move", async () => {
    // Both services' disk usage jumps alike; only `writer` also starts failing.
    const series = ['writer', 'idle'].flatMap((e) => [
      makeSeries({ entity: e, indicator: 'disk', name: 'k8s.pod.filesystem.usage', level: step(1e9, 1.3e9) }),
      makeSeries({ entity: e, indicator: 'errors', name: 'error_rate', source: 'traces', level: e === 'writer' ? step(0.01, 0.3) : () => 0.01 }),
    ]);
    const anomalies = [makeAnomaly('writer', 'disk', 'k8s.pod.filesystem.usage', ONSET_BUCKET), makeAnomaly('idle', 'disk', 'k8s.pod.filesystem.usage', ONSET_BUCKET)];
    const all = await scores(makeContext(makeFrame(series), undefined, anomalies));
    const writer = all.find((s) => s.entity === 'writer')!;
    const idle = all.find((s) => s.entity === 'idle')!;
    expect(idle.indicator).toBe('disk');
    expect(idle.score).toBeLessThan(0.6);
    expect(writer.score).toBeGreaterThan(0.9);
  });

  it('is named for its weight', () => {
    expect(createChangeMagnitudeScorer().name).toBe(CHANGE_MAGNITUDE);
  });
});
