import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, unknownEnvironmentVariables } from './load-config.ts';
import { createConfigFiles } from './testing/config-files.ts';

const files = createConfigFiles();
afterAll(() => files.remove());
const file = (text: string): string => files.write(text);

describe('loadConfig', () => {
  it('gives the documented defaults with no sources', () => {
    const c = loadConfig();
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.value.dataDir).toBe('./data');
    expect(c.value.otlp.grpc.port).toBe(4317);
    expect(c.value.otlp.http.port).toBe(4318);
    expect(c.value.api.port).toBe(8080);
    expect(c.value.clickhouse.url).toBe('');
    expect(Object.isFrozen(c.value.otlp.grpc)).toBe(true);
  });

  it('applies flags over env over file over defaults', () => {
    const f = file('otlp:\n  grpc:\n    port: 1111\n  http:\n    port: 2222\napi:\n  port: 3333\n');
    const c = loadConfig({ configFile: f, env: { CAUSEWAY_OTLP_HTTP_PORT: '5555', CAUSEWAY_API_PORT: '6666' }, flags: { 'api-port': '7777' } });
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.value.otlp.grpc.port).toBe(1111);
    expect(c.value.otlp.http.port).toBe(5555);
    expect(c.value.api.port).toBe(7777);
  });

  it('reads the file named by CAUSEWAY_CONFIG', () => {
    const f = file('dataDir: /var/lib/causeway\n');
    const c = loadConfig({ env: { CAUSEWAY_CONFIG: f } });
    expect(c.ok && c.value.dataDir).toBe('/var/lib/causeway');
  });

  it('rejects unknown keys in every source, naming the key', () => {
    const nested = loadConfig({ configFile: file('otlp:\n  grpc:\n    prot: 1\n') });
    expect(nested.ok ? '' : nested.error.message).toMatch(/unknown key otlp\.grpc\.prot in config file/);
    const top = loadConfig({ configFile: file('colour: blue\n') });
    expect(top.ok ? '' : top.error.message).toMatch(/unknown key colour/);
    const flag = loadConfig({ flags: { 'grpc-port': '1' } });
    expect(flag.ok ? '' : flag.error.message).toMatch(/unknown option --grpc-port/);
  });

  it('reports unknown CAUSEWAY_* variables without refusing them (orchestrators inject their own)', () => {
    const env = { CAUSEWAY_OTLP_GRPC_PROT: '1', CAUSEWAY_SERVICE_HOST: '10.0.0.1', CAUSEWAY_API_PORT: '9090', CAUSEWAY_CONFIG: '' };
    const c = loadConfig({ env });
    expect(c.ok && c.value.api.port).toBe(9090);
    expect(unknownEnvironmentVariables(env)).toEqual(['CAUSEWAY_OTLP_GRPC_PROT', 'CAUSEWAY_SERVICE_HOST']);
  });

  it('names the key, the problem and the source of a bad value', () => {
    const range = loadConfig({ env: { CAUSEWAY_OTLP_GRPC_PORT: '70000' } });
    expect(range.ok ? '' : range.error.message).toMatch(/^otlp\.grpc\.port: .*65535.*CAUSEWAY_OTLP_GRPC_PORT/);
    const text = loadConfig({ flags: { 'api-port': 'eighty' } });
    expect(text.ok ? '' : text.error.message).toMatch(/api\.port: expected an integer, got "eighty"/);
    const typed = loadConfig({ configFile: file('api:\n  port: "x"\n') });
    expect(typed.ok ? '' : typed.error.message).toMatch(/^api\.port: .*config file/);
    const level = loadConfig({ flags: { 'log-level': 'loud' } });
    expect(level.ok ? '' : level.error.message).toMatch(/expected one of fatal, error/);
    // Signals are read from 10 s rollups: a window must hold whole rollup buckets.
    const step = loadConfig({ flags: { 'correlator-step-seconds': '15' } });
    expect(step.ok ? '' : step.error.message).toMatch(/^correlator\.stepSeconds: .*multiple of 10.*--correlator-step-seconds/);
  });

  it('reports unreadable and invalid YAML files', () => {
    const missing = loadConfig({ configFile: '/nonexistent/causeway.yaml' });
    expect(missing.ok ? '' : missing.error.code).toBe('CW_ERR_CONFIG_FILE');
    const bad = loadConfig({ configFile: file('otlp: [unclosed\n') });
    expect(bad.ok ? '' : bad.error.message).toMatch(/not valid YAML/);
  });
});
