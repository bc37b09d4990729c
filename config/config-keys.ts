/**
 * Every leaf key of the configuration schema with the names it has in each
 * source: `otlp.grpc.port` is `--otlp-grpc-port` on the command line and
 * `CAUSEWAY_OTLP_GRPC_PORT` in the environment. Derived from the schema, so a
 * new key gets its flag and variable without further code.
 */
import type { TSchema } from '@sinclair/typebox';
import { ConfigSchema } from './schema.ts';

/**
 * `list`: an array (of rules, of names) is one key; on the command line and
 * in the environment it is given as JSON, or for a list of strings also as
 * comma-separated text.
 */
export type LeafKind = 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'list';

export interface ConfigKey {
  /** Dotted path, e.g. `otlp.grpc.port`. */
  readonly path: string;
  readonly segments: readonly string[];
  readonly flag: string;
  readonly env: string;
  readonly kind: LeafKind;
  readonly description: string;
  readonly defaultValue: unknown;
  readonly schema: TSchema;
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function leafKind(schema: TSchema): LeafKind {
  if (schema.anyOf) return 'enum';
  const t = schema.type as string;
  if (t === 'array') return 'list';
  if (t === 'string' || t === 'integer' || t === 'number' || t === 'boolean') return t;
  throw new Error(`unsupported config schema type ${String(t)}`);
}

function collect(schema: TSchema, segments: string[], out: ConfigKey[]): void {
  if (schema.type === 'object' && schema.properties) {
    for (const [name, child] of Object.entries(schema.properties as Record<string, TSchema>)) collect(child, [...segments, name], out);
    return;
  }
  const flag = segments.map(kebab).join('-');
  out.push({
    path: segments.join('.'),
    segments,
    flag,
    env: `CAUSEWAY_${flag.replace(/-/g, '_').toUpperCase()}`,
    kind: leafKind(schema),
    description: (schema.description as string | undefined) ?? '',
    defaultValue: schema.default,
    schema,
  });
}

export const CONFIG_KEYS: readonly ConfigKey[] = (() => {
  const out: ConfigKey[] = [];
  collect(ConfigSchema, [], out);
  return out;
})();

export const CONFIG_KEYS_BY_PATH: ReadonlyMap<string, ConfigKey> = new Map(CONFIG_KEYS.map((k) => [k.path, k]));
export const CONFIG_KEYS_BY_ENV: ReadonlyMap<string, ConfigKey> = new Map(CONFIG_KEYS.map((k) => [k.env, k]));
export const CONFIG_KEYS_BY_FLAG: ReadonlyMap<string, ConfigKey> = new Map(CONFIG_KEYS.map((k) => [k.flag, k]));

/** Environment variables that are not configuration keys but are understood. */
export const CONFIG_FILE_ENV = 'CAUSEWAY_CONFIG';
