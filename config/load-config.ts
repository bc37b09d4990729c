/**
 * Builds the one validated, frozen configuration from its sources.
 * Precedence: command-line flags > `CAUSEWAY_*` environment > `--config` YAML
 * file > schema defaults. Validated once; unknown keys in the file and
 * unknown options are errors that name the key and the source; unknown
 * `CAUSEWAY_*` variables are only reported (`unknownEnvironmentVariables`).
 */
import { readFileSync } from 'node:fs';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { causewayError } from '../core/errors.ts';
import { type Result, fail, ok } from '../core/result.ts';
import { checkConfigSemantics } from './check-config.ts';
import { CONFIG_FILE_ENV, CONFIG_KEYS_BY_ENV, CONFIG_KEYS_BY_FLAG, CONFIG_KEYS_BY_PATH, type ConfigKey } from './config-keys.ts';
import { configPath, leafPath } from './key-path.ts';
import { type CausewayConfig, ConfigSchema } from './schema.ts';

export interface ConfigSources {
  /** Flag name (without `--`, kebab-case) to its text value. */
  readonly flags?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Path of a YAML file; `CAUSEWAY_CONFIG` is used when absent. */
  readonly configFile?: string;
}

type Tree = Record<string, unknown>;

export function loadConfig(sources: ConfigSources = {}): Result<Readonly<CausewayConfig>> {
  const env = sources.env ?? {};
  const merged: Tree = {};
  const origin = new Map<string, string>();

  const file = sources.configFile ?? env[CONFIG_FILE_ENV];
  if (file) {
    const fromFile = readConfigFile(file);
    if (!fromFile.ok) return fromFile;
    const applied = applyTree(merged, fromFile.value, [], `config file ${file}`, origin);
    if (!applied.ok) return applied;
  }

  for (const [name, text] of Object.entries(env)) {
    if (!name.startsWith('CAUSEWAY_') || name === CONFIG_FILE_ENV || text === undefined) continue;
    const key = CONFIG_KEYS_BY_ENV.get(name);
    // Not an error: orchestrators inject CAUSEWAY_* variables of their own
    // (Kubernetes does for a Service named causeway). See unknownEnvironmentVariables.
    if (!key) continue;
    const set = setFromText(merged, key, text, `environment variable ${name}`, origin);
    if (!set.ok) return set;
  }

  for (const [flag, text] of Object.entries(sources.flags ?? {})) {
    const key = CONFIG_KEYS_BY_FLAG.get(flag);
    if (!key) return fail(causewayError('CW_ERR_CONFIG_INVALID', `unknown option --${flag}`));
    const set = setFromText(merged, key, text, `option --${flag}`, origin);
    if (!set.ok) return set;
  }

  const withDefaults = Value.Default(ConfigSchema, merged) as Tree;
  const firstError = Value.Errors(ConfigSchema, withDefaults).First();
  if (firstError) {
    const path = configPath(firstError.path);
    const from = origin.get(leafPath(path));
    return fail(causewayError('CW_ERR_CONFIG_INVALID', `${path || '(root)'}: ${schemaErrorMessage(firstError)}${from ? ` (from ${from})` : ''}`));
  }
  const semantic = checkConfigSemantics(withDefaults as CausewayConfig);
  if (semantic) {
    const from = origin.get(leafPath(semantic.path));
    return fail(causewayError('CW_ERR_CONFIG_INVALID', `${semantic.path}: ${semantic.message}${from ? ` (from ${from})` : ''}`));
  }
  return ok(deepFreeze(withDefaults as CausewayConfig));
}

/**
 * `CAUSEWAY_*` variables that are not configuration keys: worth a warning
 * at start-up (a misspelt key), but never a reason to refuse to start.
 */
export function unknownEnvironmentVariables(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.keys(env).filter((name) => name.startsWith('CAUSEWAY_') && name !== CONFIG_FILE_ENV && !CONFIG_KEYS_BY_ENV.has(name));
}

/** The message for a schema error: the allowed values of an enum, "unknown key" for an unexpected property. */
function schemaErrorMessage(error: ValueError): string {
  const options = ((error.schema.anyOf ?? []) as Array<{ const?: unknown }>).map((s) => s.const);
  if (options.length > 0 && options.every((o) => o !== undefined)) return `expected one of ${options.map(String).join(', ')}`;
  if (error.type === ValueErrorType.ObjectAdditionalProperties) return 'unknown key';
  return error.message;
}

function readConfigFile(file: string): Result<Tree> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return fail(causewayError('CW_ERR_CONFIG_FILE', `cannot read ${file}: ${(err as Error).message}`));
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (err) {
    return fail(causewayError('CW_ERR_CONFIG_FILE', `${file} is not valid YAML: ${(err as Error).message}`));
  }
  if (parsed === null || parsed === undefined) return ok({});
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return fail(causewayError('CW_ERR_CONFIG_FILE', `${file}: the top level must be a mapping of keys`));
  return ok(parsed as Tree);
}

/** Copies a parsed file tree into `target`, rejecting keys the schema does not have. */
function applyTree(target: Tree, source: Tree, prefix: string[], from: string, origin: Map<string, string>): Result<void> {
  for (const [name, value] of Object.entries(source)) {
    const segments = [...prefix, name];
    const path = segments.join('.');
    const leaf = CONFIG_KEYS_BY_PATH.get(path);
    if (leaf) {
      setAt(target, segments, value);
      origin.set(path, from);
      continue;
    }
    const isSection = [...CONFIG_KEYS_BY_PATH.keys()].some((p) => p.startsWith(`${path}.`));
    if (!isSection) return fail(causewayError('CW_ERR_CONFIG_INVALID', `unknown key ${path} in ${from}`));
    if (value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) return fail(causewayError('CW_ERR_CONFIG_INVALID', `${path} in ${from} must be a mapping of keys`));
    const nested = applyTree(target, value as Tree, segments, from, origin);
    if (!nested.ok) return nested;
  }
  return ok(undefined);
}

function setFromText(target: Tree, key: ConfigKey, text: string, from: string, origin: Map<string, string>): Result<void> {
  const value = parseText(key, text);
  if (value === undefined) {
    return fail(causewayError('CW_ERR_CONFIG_INVALID', `${key.path}: expected ${key.kind === 'integer' ? 'an integer' : `a ${key.kind}`}, got "${text}" (from ${from})`));
  }
  setAt(target, key.segments, value);
  origin.set(key.path, from);
  return ok(undefined);
}

function parseText(key: ConfigKey, text: string): unknown {
  switch (key.kind) {
    case 'integer':
      return /^-?\d+$/.test(text.trim()) ? Number(text) : undefined;
    case 'number': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : undefined;
    case 'list':
      return parseList(key, text);
    default:
      return text;
  }
}

/** JSON (`[...]`), or for a list of strings comma-separated text; undefined when neither. */
function parseList(key: ConfigKey, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return undefined;
    }
  }
  if ((key.schema.items as { type?: string } | undefined)?.type !== 'string') return undefined;
  return trimmed === '' ? [] : trimmed.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function setAt(target: Tree, segments: readonly string[], value: unknown): void {
  let node = target;
  for (const s of segments.slice(0, -1)) {
    if (typeof node[s] !== 'object' || node[s] === null) node[s] = {};
    node = node[s] as Tree;
  }
  node[segments[segments.length - 1]!] = value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
