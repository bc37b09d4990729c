import { afterAll, describe, expect, it } from 'vitest';
import { configPath, leafPath } from './key-path.ts';
import { loadConfig } from './load-config.ts';
import { createConfigFiles } from './testing/config-files.ts';

const files = createConfigFiles();
afterAll(() => files.remove());
const file = (text: string): string => files.write(text);

function errorOf(yaml: string): string {
  const c = loadConfig({ configFile: file(yaml) });
  return c.ok ? '(loaded)' : c.error.message;
}

const RULES = `
correlator:
  detectors:
    changePoint:
      enabled: false
    predictive:
      method: holt-winters
  thresholdRules:
    - name: checkout-p95
      entity: checkout
      signal: latency_p95_ms
      op: '>'
      value: 800
      forSeconds: 120
  slos:
    - name: checkout-latency
      service: checkout
      kind: latency
      objective: 0.99
      latencyThresholdMillis: 500
      tiers:
        - { name: fast, longWindowMinutes: 60, shortWindowMinutes: 5, burnRate: 10, severity: critical }
  logRules:
    - name: declines
      service: payment
      bodyRegex: 'card (declined|rejected)'
      attributes: { payment.provider: acme }
      countAbove: 20
  incidents:
    entryServices: [frontend]
`;

describe('correlator configuration', () => {
  it('has empty rule lists and the built-in detectors on by default', () => {
    const c = loadConfig({ env: {} });
    if (!c.ok) throw new Error(c.error.message);
    const k = c.value.correlator;
    expect([k.thresholdRules, k.predictiveRules, k.slos, k.logRules]).toEqual([[], [], [], []]);
    expect([k.detectors.robustBaseline.enabled, k.detectors.changePoint.enabled, k.detectors.predictive.enabled, k.detectors.logTemplates.enabled]).toEqual([true, true, true, true]);
    expect(k.detectors.predictive).toMatchObject({ method: 'linear', indicators: ['disk'], limit: 0.95, horizonMinutes: 240 });
    expect(k.incidents).toMatchObject({ groupWindowSeconds: 300, hops: 2, minAnomalies: 2, entryServices: [] });
    expect(Object.isFrozen(k.thresholdRules)).toBe(true);
  });

  it('loads rules and SLOs from YAML, filling each item’s defaults', () => {
    const c = loadConfig({ configFile: file(RULES) });
    if (!c.ok) throw new Error(c.error.message);
    const k = c.value.correlator;
    expect(k.detectors.changePoint.enabled).toBe(false);
    expect(k.detectors.predictive.method).toBe('holt-winters');
    expect(k.thresholdRules).toEqual([{ name: 'checkout-p95', entity: 'checkout', signal: 'latency_p95_ms', op: '>', value: 800, forSeconds: 120, keepFiringForSeconds: 0, severity: 'warning' }]);
    expect(k.slos[0]).toMatchObject({ kind: 'latency', objective: 0.99, latencyThresholdMillis: 500, windowScale: 1 });
    expect(k.slos[0]!.tiers).toEqual([{ name: 'fast', longWindowMinutes: 60, shortWindowMinutes: 5, burnRate: 10, severity: 'critical' }]);
    expect(k.logRules[0]).toEqual({
      name: 'declines', service: 'payment', bodyRegex: 'card (declined|rejected)', attributes: { 'payment.provider': 'acme' },
      windowSeconds: 300, countAbove: 20, forSeconds: 0, keepFiringForSeconds: 0, severity: 'warning',
    });
    expect(k.incidents.entryServices).toEqual(['frontend']);
  });

  it('names the key path of a bad value inside a list, and the file it came from', () => {
    const bodyRegex = `correlator:\n  logRules:\n    - { name: a, countAbove: 1 }\n    - { name: b, countAbove: 1 }\n    - { name: c, countAbove: 1, bodyRegex: 'card (declined' }\n`;
    expect(errorOf(bodyRegex)).toMatch(/^correlator\.logRules\[2\]\.bodyRegex: invalid regular expression: .* \(from config file .*causeway\.yaml\)$/);
    expect(errorOf(`correlator:\n  logRules:\n    - { name: a, countAbove: 1, bodyRegex: '(?<!x)y' }\n`)).toMatch(/^correlator\.logRules\[0\]\.bodyRegex: lookahead and lookbehind are not supported/);
    expect(errorOf(`correlator:\n  logRules:\n    - { name: a, countAbove: 1, bodyRegex: '(a)\\1' }\n`)).toMatch(/^correlator\.logRules\[0\]\.bodyRegex: backreferences/);
    expect(errorOf(`correlator:\n  thresholdRules:\n    - { name: a, signal: x, op: '>=', value: 1 }\n`)).toMatch(/^correlator\.thresholdRules\[0\]\.op: expected one of >, </);
    expect(errorOf(`correlator:\n  slos:\n    - { name: a, service: s, objective: 1.5 }\n`)).toMatch(/^correlator\.slos\[0\]\.objective: /);
    expect(errorOf(`correlator:\n  slos:\n    - { name: a, service: s, objective: 0.9, colour: red }\n`)).toMatch(/^correlator\.slos\[0\]\.colour: unknown key/);
    expect(errorOf(`correlator:\n  logRules:\n    - { name: a }\n`)).toMatch(/^correlator\.logRules\[0\]\.countAbove: /);
    expect(errorOf(`correlator:\n  detectors:\n    predictive:\n      indicators: [disk, spin]\n`)).toMatch(/^correlator\.detectors\.predictive\.indicators\[1\]: expected one of cpu, mem, disk/);
  });

  it('checks what the schema cannot: series selection, patterns, names, SLO fields', () => {
    const two = `correlator:\n  thresholdRules:\n    - { name: a, signal: x, op: '>', value: 1 }\n    - { name: b, op: '>', value: 1 }\n`;
    expect(errorOf(two)).toMatch(/^correlator\.thresholdRules\[1\]: give exactly one of signal and signalRegex/);
    expect(errorOf(`correlator:\n  predictiveRules:\n    - { name: a, signal: x, entity: e, entityRegex: e, limit: 1 }\n`)).toMatch(/^correlator\.predictiveRules\[0\]: give entity or entityRegex/);
    expect(errorOf(`correlator:\n  thresholdRules:\n    - { name: a, signalRegex: 'x[', op: '>', value: 1 }\n`)).toMatch(/^correlator\.thresholdRules\[0\]\.signalRegex: invalid regular expression/);
    expect(errorOf(`correlator:\n  thresholdRules:\n    - { name: a, signal: x, entityRegex: '(', op: '>', value: 1 }\n`)).toMatch(/^correlator\.thresholdRules\[0\]\.entityRegex: invalid/);
    const dup = `correlator:\n  logRules:\n    - { name: a, countAbove: 1 }\n    - { name: a, countAbove: 2 }\n`;
    expect(errorOf(dup)).toMatch(/^correlator\.logRules\[1\]\.name: "a" is already the name of correlator\.logRules\[0\]/);
    expect(errorOf(`correlator:\n  slos:\n    - { name: a, service: s, kind: latency, objective: 0.9 }\n`)).toMatch(/^correlator\.slos\[0\]\.latencyThresholdMillis: required for a latency SLO/);
    expect(errorOf(`correlator:\n  slos:\n    - { name: a, service: s, objective: 0.9, latencyThresholdMillis: 5 }\n`)).toMatch(/^correlator\.slos\[0\]\.latencyThresholdMillis: only for a latency SLO/);
    const tiers = `correlator:\n  slos:\n    - name: a\n      service: s\n      objective: 0.9\n      tiers: [{ name: t, longWindowMinutes: 5, shortWindowMinutes: 60, burnRate: 2, severity: warning }]\n`;
    expect(errorOf(tiers)).toMatch(/^correlator\.slos\[0\]\.tiers\[0\]\.shortWindowMinutes: must be shorter/);
  });

  it('takes lists from the environment and options as JSON, or names as comma-separated text', () => {
    const c = loadConfig({
      env: { CAUSEWAY_CORRELATOR_INCIDENTS_ENTRY_SERVICES: 'frontend, checkout', CAUSEWAY_CORRELATOR_SLOS: '[{"name":"a","service":"checkout","objective":0.999}]' },
      flags: { 'correlator-threshold-rules': '[{"name":"t","signal":"error_rate","op":">","value":0.1}]' },
    });
    if (!c.ok) throw new Error(c.error.message);
    expect(c.value.correlator.incidents.entryServices).toEqual(['frontend', 'checkout']);
    expect(c.value.correlator.slos).toEqual([{ name: 'a', service: 'checkout', kind: 'availability', objective: 0.999, windowScale: 1 }]);
    expect(c.value.correlator.thresholdRules[0]).toMatchObject({ name: 't', forSeconds: 0, severity: 'warning' });
    const bad = loadConfig({ env: { CAUSEWAY_CORRELATOR_LOG_RULES: 'declines' } });
    expect(bad.ok ? '' : bad.error.message).toMatch(/^correlator\.logRules: expected a list, got "declines" \(from environment variable CAUSEWAY_CORRELATOR_LOG_RULES\)/);
    const item = loadConfig({ env: { CAUSEWAY_CORRELATOR_SLOS: '[{"name":"a","service":"s","objective":2}]' } });
    expect(item.ok ? '' : item.error.message).toMatch(/^correlator\.slos\[0\]\.objective: .*\(from environment variable CAUSEWAY_CORRELATOR_SLOS\)/);
  });

  it('turns JSON pointers into key paths', () => {
    expect(configPath('/correlator/logRules/2/bodyRegex')).toBe('correlator.logRules[2].bodyRegex');
    expect(configPath('/correlator/slos/0/tiers/1')).toBe('correlator.slos[0].tiers[1]');
    expect(configPath('/correlator/logRules/0/attributes/a~1b')).toBe('correlator.logRules[0].attributes.a/b');
    expect(configPath('')).toBe('');
    expect(leafPath('correlator.slos[0].tiers[1].name')).toBe('correlator.slos');
  });
});
