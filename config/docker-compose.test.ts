import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_KEYS } from './config-keys.ts';
import { loadConfig } from './load-config.ts';

interface Compose {
  services: Record<string, { image?: string; build?: string; environment?: Record<string, string>; command?: string[] }>;
}

const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8')) as Compose;

describe('docker-compose.yml', () => {
  it('runs the official ClickHouse image and a Causeway built from this tree', () => {
    expect(compose.services.clickhouse?.image).toMatch(/^clickhouse\/clickhouse-server:\d+\.\d+$/);
    expect(compose.services.causeway?.build).toBe('.');
  });

  it('configures Causeway only with keys that exist, and the result validates', () => {
    const svc = compose.services.causeway!;
    const env = svc.environment ?? {};
    const known = new Set(CONFIG_KEYS.map((k) => k.env));
    for (const name of Object.keys(env)) expect(known, `${name} is not a configuration variable`).toContain(name);
    const args = svc.command ?? [];
    expect(args[0]).toBe('start');
    const flags: Record<string, string> = {};
    for (let i = 1; i < args.length; i += 2) flags[args[i]!.replace(/^--/, '')] = args[i + 1]!;
    const config = loadConfig({ env, flags });
    expect(config.ok ? 'valid' : config.error.message).toBe('valid');
    if (config.ok) expect(config.value.clickhouse.url).toBe('http://clickhouse:8123');
  });
});
