import { describe, expect, it } from 'vitest';
import { METRIC_MAPPINGS, parseMetricColumn } from './metric-mapping.ts';

function parsed(header: string) {
  const c = parseMetricColumn(header);
  return c && { service: c.service, name: c.mapping.name, unit: c.mapping.unit, divideBy: c.mapping.divideBy, attributes: c.mapping.attributes };
}

describe('parseMetricColumn', () => {
  it('maps the Sock Shop RCD suffixes', () => {
    expect(parsed('carts_cpu')).toEqual({ service: 'carts', name: 'container.cpu.utilization', unit: '1', divideBy: 100, attributes: {} });
    expect(parsed('carts-db_mem')).toEqual({ service: 'carts-db', name: 'container.memory.usage', unit: 'By', divideBy: 1, attributes: {} });
    expect(parsed('carts_lod')).toMatchObject({ service: 'carts', name: 'http.server.request.rate', unit: '{request}/s' });
    expect(parsed('carts_lat_50')).toMatchObject({ service: 'carts', name: 'http.server.request.duration', unit: 's', attributes: { quantile: '0.5' } });
    expect(parsed('carts_lat_90')).toMatchObject({ attributes: { quantile: '0.9' } });
    expect(parsed('carts_lat_99')).toMatchObject({ attributes: { quantile: '0.99' } });
  });

  it('maps the RCAEval suffixes', () => {
    expect(parsed('frontend_latency-50')).toMatchObject({ service: 'frontend', attributes: { quantile: '0.5' } });
    expect(parsed('frontend_latency-90')).toMatchObject({ service: 'frontend', attributes: { quantile: '0.9' } });
    expect(parsed('checkoutservice_latency')).toMatchObject({ service: 'checkoutservice', attributes: { quantile: '0.9' } });
    expect(parsed('checkoutservice_load')).toMatchObject({ name: 'http.server.request.rate' });
    expect(parsed('ts-auth-service_workload')).toMatchObject({ service: 'ts-auth-service', name: 'http.server.request.rate' });
    expect(parsed('redis-db_diskio')).toMatchObject({ service: 'redis-db', name: 'container.disk.io' });
    expect(parsed('carts_socket')).toMatchObject({ name: 'container.network.sockets' });
    expect(parsed('front-end_error')).toMatchObject({ service: 'front-end', name: 'http.server.request.error.rate' });
    expect(parsed('orders_container-memory-usage-bytes')).toMatchObject({ service: 'orders', name: 'container.memory.usage' });
    expect(parsed('orders_istio-latency-95')).toMatchObject({ service: 'orders', attributes: { quantile: '0.95' } });
  });

  it('knows nothing else: time, node metrics, raw counters, a bare suffix', () => {
    for (const header of ['time', 'time.1', 'gke-pool-1_node-cpu', 'carts_container-cpu-usage-seconds-total', '_cpu', 'cpu', 'carts_cpux']) {
      expect(parseMetricColumn(header)).toBeUndefined();
    }
  });

  it('has every suffix in one row only', () => {
    const suffixes = METRIC_MAPPINGS.flatMap((m) => m.suffixes);
    expect(new Set(suffixes).size).toBe(suffixes.length);
  });
});
