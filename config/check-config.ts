/**
 * Checks that need more than the schema: patterns that compile, rules that
 * say which series they watch, unique names, SLO fields that go together.
 * The first problem is reported with the key path it concerns
 * (`correlator.logRules[2].bodyRegex`), as schema errors are.
 */
import type { CausewayConfig } from './schema.ts';

export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

type Correlator = CausewayConfig['correlator'];

/** The first problem found, or undefined. */
export function checkConfigSemantics(config: CausewayConfig): ConfigProblem | undefined {
  return checkCorrelator(config.correlator, 'correlator');
}

function checkCorrelator(c: Correlator, at: string): ConfigProblem | undefined {
  const checks = [
    ...c.thresholdRules.map((r, i) => () => seriesMatch(r, `${at}.thresholdRules[${i}]`)),
    ...c.predictiveRules.map((r, i) => () => seriesMatch(r, `${at}.predictiveRules[${i}]`)),
    ...c.logRules.map((r, i) => () => (r.bodyRegex === undefined ? undefined : re2Pattern(r.bodyRegex, `${at}.logRules[${i}].bodyRegex`))),
    ...c.slos.map((s, i) => () => slo(s, `${at}.slos[${i}]`)),
    () => uniqueNames(c.thresholdRules, `${at}.thresholdRules`),
    () => uniqueNames(c.predictiveRules, `${at}.predictiveRules`),
    () => uniqueNames(c.slos, `${at}.slos`),
    () => uniqueNames(c.logRules, `${at}.logRules`),
  ];
  for (const check of checks) {
    const problem = check();
    if (problem) return problem;
  }
  return undefined;
}

interface SeriesMatchKeys {
  readonly entity?: string;
  readonly entityRegex?: string;
  readonly signal?: string;
  readonly signalRegex?: string;
}

function seriesMatch(r: SeriesMatchKeys, at: string): ConfigProblem | undefined {
  if ((r.signal === undefined) === (r.signalRegex === undefined)) return { path: at, message: 'give exactly one of signal and signalRegex' };
  if (r.entity !== undefined && r.entityRegex !== undefined) return { path: at, message: 'give entity or entityRegex, not both' };
  return (
    (r.signalRegex === undefined ? undefined : jsPattern(r.signalRegex, `${at}.signalRegex`)) ??
    (r.entityRegex === undefined ? undefined : jsPattern(r.entityRegex, `${at}.entityRegex`))
  );
}

function jsPattern(pattern: string, at: string): ConfigProblem | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (err) {
    return { path: at, message: `invalid regular expression: ${(err as Error).message}` };
  }
}

/**
 * Body patterns run in ClickHouse (`match()`, RE2): they must compile, and
 * must not use what RE2 lacks (lookaround, backreferences), which would
 * fail every query at run time instead of here.
 */
function re2Pattern(pattern: string, at: string): ConfigProblem | undefined {
  const js = jsPattern(pattern, at);
  if (js) return js;
  if (/\(\?<?[=!]/.test(pattern)) return { path: at, message: 'lookahead and lookbehind are not supported (the pattern runs as RE2 in ClickHouse)' };
  if (/\\[1-9]|\\k</.test(pattern)) return { path: at, message: 'backreferences are not supported (the pattern runs as RE2 in ClickHouse)' };
  return undefined;
}

function slo(s: Correlator['slos'][number], at: string): ConfigProblem | undefined {
  if (s.kind === 'latency' && s.latencyThresholdMillis === undefined) return { path: `${at}.latencyThresholdMillis`, message: 'required for a latency SLO' };
  if (s.kind === 'availability' && s.latencyThresholdMillis !== undefined) return { path: `${at}.latencyThresholdMillis`, message: 'only for a latency SLO (kind: latency)' };
  const bad = (s.tiers ?? []).findIndex((t) => !(t.shortWindowMinutes < t.longWindowMinutes));
  if (bad >= 0) return { path: `${at}.tiers[${bad}].shortWindowMinutes`, message: 'must be shorter than longWindowMinutes' };
  return undefined;
}

function uniqueNames(list: readonly { readonly name: string }[], at: string): ConfigProblem | undefined {
  const seen = new Map<string, number>();
  for (const [i, item] of list.entries()) {
    const first = seen.get(item.name);
    if (first !== undefined) return { path: `${at}[${i}].name`, message: `"${item.name}" is already the name of ${at}[${first}]` };
    seen.set(item.name, i);
  }
  return undefined;
}
