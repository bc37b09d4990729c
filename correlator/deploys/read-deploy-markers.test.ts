/**
 * The deploy-marker read on the real embedded engine: the range's bounds
 * behave as a read of the raw records would, though the rollup holds whole
 * minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureStore, gaugeRowAt, openFixtureStore } from '../../storage/testing/fixture-store.ts';
import { readDeployMarkers } from './read-deploy-markers.ts';

const MINUTE = 60_000;
let t: FixtureStore;
const T0 = Date.UTC(2026, 3, 1, 10);
const version = (v: string) => ({ 'service.version': v });

beforeAll(async () => {
  t = await openFixtureStore('read-deploy-markers');
  // In one minute: 1.0 at :05 and :40, 1.1 from :20 to :50, 1.2-rc only at :45; other services' markers are not read.
  await t.insert('otel_metrics_gauge', [
    gaugeRowAt('cart', T0 + 5_000, version('1.0')),
    gaugeRowAt('cart', T0 + 20_000, version('1.1')),
    gaugeRowAt('cart', T0 + 40_000, version('1.0')),
    gaugeRowAt('cart', T0 + 45_000, version('1.2-rc')),
    gaugeRowAt('cart', T0 + 50_000, version('1.1')),
    gaugeRowAt('search', T0 + 30_000, version('7')),
    gaugeRowAt('cart', T0 + 3 * MINUTE, version('1.2')),
  ]);
});

afterAll(async () => {
  await t?.close();
});

describe('readDeployMarkers', () => {
  it('leaves out values first seen after the range and caps last sightings at its end, inside one rollup minute', async () => {
    const read = await readDeployMarkers(t.store, ['cart'], T0 - 10 * MINUTE, T0 + 30_000);
    expect(read.ok && read.value.map(({ value, firstSeenMillis, lastSeenMillis }) => ({ value, firstSeenMillis, lastSeenMillis }))).toEqual([
      { value: '1.0', firstSeenMillis: T0 + 5_000, lastSeenMillis: T0 + 30_000 },
      { value: '1.1', firstSeenMillis: T0 + 20_000, lastSeenMillis: T0 + 30_000 },
    ]);
    const later = await readDeployMarkers(t.store, ['cart'], T0 - 10 * MINUTE, T0 + 5 * MINUTE);
    expect(later.ok && later.value.map(({ service, attribute, value, firstSeenMillis, lastSeenMillis, records }) => ({ service, attribute, value, firstSeenMillis, lastSeenMillis, records }))).toEqual([
      { service: 'cart', attribute: 'service.version', value: '1.0', firstSeenMillis: T0 + 5_000, lastSeenMillis: T0 + 40_000, records: 2 },
      { service: 'cart', attribute: 'service.version', value: '1.1', firstSeenMillis: T0 + 20_000, lastSeenMillis: T0 + 50_000, records: 2 },
      { service: 'cart', attribute: 'service.version', value: '1.2-rc', firstSeenMillis: T0 + 45_000, lastSeenMillis: T0 + 45_000, records: 1 },
      { service: 'cart', attribute: 'service.version', value: '1.2', firstSeenMillis: T0 + 3 * MINUTE, lastSeenMillis: T0 + 3 * MINUTE, records: 1 },
    ]);
  });

  it('reads nothing before the minute the range starts in, and nothing for no candidates', async () => {
    const read = await readDeployMarkers(t.store, ['cart', 'search'], T0 + 2 * MINUTE, T0 + 10 * MINUTE);
    expect(read.ok && read.value.map((v) => `${v.service} ${v.value}`)).toEqual(['cart 1.2']);
    expect(await readDeployMarkers(t.store, [], T0, T0 + 10 * MINUTE)).toEqual({ ok: true, value: [] });
  });
});
