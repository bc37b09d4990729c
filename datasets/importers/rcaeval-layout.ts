/**
 * Where the cases of an RCAEval tree are and what their folder names say.
 * RCAEval (https://github.com/phamquiluan/RCAEval, data on Zenodo,
 * doi:10.5281/zenodo.13305663) lays a case out as
 *
 *     RE<n>/RE<n>-<OB|SS|TT>/<service>_<fault>/<repeat>/
 *         inject_time.txt       fault injection time, Unix seconds
 *         data.csv              RE1: wide metrics (`time`, `<service>_<metric>`)
 *         simple_data.csv       RE1 Sock Shop / Train Ticket: the same with short metric names
 *         simple_metrics.csv    RE2, RE3: wide metrics with short metric names
 *         metrics.csv           RE2, RE3: wide metrics with raw Prometheus names
 *         logs.csv, traces.csv  RE2, RE3: raw logs and spans
 *         logts.csv, tracets_*.csv, cluster_info.json   derived; not read
 *
 * The folder names are the labels: `<service>_<fault>` (split at the last
 * `_`) and the system code OB / SS / TT (Online Boutique, Sock Shop, Train
 * Ticket). The layout is detected per case folder, not per tree: a folder
 * with logs or traces is multi-source (RE2/RE3), one without is metrics-only
 * (RE1). The path given may be the whole tree, a suite, a system folder, a
 * fault folder or a single case.
 */
import { basename, join, resolve, sep } from 'node:path';
import type { FaultIndicator } from '../format/case-truth.ts';
import { findCaseFolders } from './case-folders.ts';
import { DatasetImportError, notFound } from './import-error.ts';

export type RcaevalSuite = 'RE1' | 'RE2' | 'RE3';

export interface RcaevalCase {
  readonly dir: string;
  readonly id: string;
  readonly suite: RcaevalSuite;
  /** `online-boutique`, `sock-shop`, `train-ticket`, or the value given to the importer. */
  readonly system: string;
  readonly service: string;
  /** The fault name as the folder writes it (`cpu`, `delay`, `f3`, ...). */
  readonly fault: string;
  readonly indicator: FaultIndicator;
  readonly faultType: string;
  readonly injectTimeFile: string;
  readonly metricsFile: string;
  readonly logsFile: string | undefined;
  readonly tracesFile: string | undefined;
}

export const INJECT_TIME_FILE = 'inject_time.txt';
/** Metric files in order of preference: the short-named ones map through the metric table. */
export const METRIC_FILES: readonly string[] = ['simple_metrics.csv', 'simple_data.csv', 'data.csv', 'metrics.csv'];
export const LOGS_FILE = 'logs.csv';
export const TRACES_FILE = 'traces.csv';

/**
 * RCAEval fault names -> case.json indicator and type. Network delay is
 * labelled `latency`, the indicator RCAEval's own evaluation expects for it;
 * packet loss and socket exhaustion are `net`; RE3's code-level faults
 * (`f1`..`f5`) are `code`.
 */
export const RCAEVAL_FAULTS: Readonly<Record<string, { readonly indicator: FaultIndicator; readonly type: string }>> = {
  cpu: { indicator: 'cpu', type: 'cpu-hog' },
  mem: { indicator: 'mem', type: 'memory-leak' },
  disk: { indicator: 'disk', type: 'disk-stress' },
  delay: { indicator: 'latency', type: 'network-delay' },
  loss: { indicator: 'net', type: 'packet-loss' },
  socket: { indicator: 'net', type: 'socket-exhaustion' },
};

function faultOf(fault: string): { readonly indicator: FaultIndicator; readonly type: string } | undefined {
  const known = RCAEVAL_FAULTS[fault.toLowerCase()];
  if (known) return known;
  if (/^f\d+$/i.test(fault)) return { indicator: 'code', type: `code-fault-${fault.toLowerCase()}` };
  return undefined;
}

const SYSTEM_CODES: Readonly<Record<string, string>> = { OB: 'online-boutique', SS: 'sock-shop', TT: 'train-ticket' };
/** Folder names of the first RCAEval release, which RE1 reuses. */
const LEGACY_SYSTEM_FOLDERS: Readonly<Record<string, string>> = { 'online-boutique': 'OB', 'sock-shop-2': 'SS', 'train-ticket': 'TT' };

/** Folders below the given path searched for cases; deeper trees are not RCAEval's. */
const MAX_DEPTH = 6;

/** Suite and system code named by the folders above a case, nearest first. */
function suiteAndCode(dir: string): { suite: RcaevalSuite | undefined; code: string | undefined } {
  let suite: RcaevalSuite | undefined;
  let code: string | undefined;
  for (const part of resolve(dir).split(sep).reverse()) {
    const full = /^(RE[123])-(OB|SS|TT)$/i.exec(part);
    if (full) {
      suite ??= (full[1] as string).toUpperCase() as RcaevalSuite;
      code ??= (full[2] as string).toUpperCase();
    } else if (/^RE[123]$/i.test(part)) {
      suite ??= part.toUpperCase() as RcaevalSuite;
    } else if (LEGACY_SYSTEM_FOLDERS[part.toLowerCase()]) {
      code ??= LEGACY_SYSTEM_FOLDERS[part.toLowerCase()];
      suite ??= 'RE1';
    }
  }
  return { suite, code };
}

function safeId(parts: readonly string[]): string {
  return parts
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '');
}

function describeCase(dir: string, files: ReadonlySet<string>, system: string | undefined): RcaevalCase {
  const name = basename(dir);
  const repeat = /^\d+$/.test(name) ? name : undefined;
  const label = repeat === undefined ? name : basename(resolve(dir, '..'));
  const cut = label.lastIndexOf('_');
  if (cut <= 0 || cut === label.length - 1) {
    throw new DatasetImportError(dir, `cannot read the label from the folder name "${label}": expected <service>_<fault>/<repeat>, like checkoutservice_cpu/1`);
  }
  const service = label.slice(0, cut);
  const fault = label.slice(cut + 1);
  const known = faultOf(fault);
  if (!known) {
    throw new DatasetImportError(dir, `unknown fault "${fault}" in "${label}" (known: ${Object.keys(RCAEVAL_FAULTS).join(', ')}, f1..f5)`);
  }
  if (!files.has(INJECT_TIME_FILE)) throw notFound(join(dir, INJECT_TIME_FILE), 'missing: every RCAEval case holds its fault injection time (Unix seconds) in this file');
  const metricsName = METRIC_FILES.find((f) => files.has(f));
  if (!metricsName) throw notFound(dir, `no metrics file (one of ${METRIC_FILES.join(', ')})`);
  const multiSource = files.has(LOGS_FILE) || files.has(TRACES_FILE);
  const found = suiteAndCode(dir);
  const suite: RcaevalSuite = found.suite ?? (known.indicator === 'code' ? 'RE3' : multiSource ? 'RE2' : 'RE1');
  const resolvedSystem = system ?? (found.code ? SYSTEM_CODES[found.code] : undefined) ?? 'unknown';
  const id = safeId([suite.toLowerCase(), ...(found.code ? [found.code.toLowerCase()] : []), service, fault, ...(repeat ? [repeat] : [])]);
  return {
    dir,
    id,
    suite,
    system: resolvedSystem,
    service,
    fault,
    indicator: known.indicator,
    faultType: known.type,
    injectTimeFile: join(dir, INJECT_TIME_FILE),
    metricsFile: join(dir, metricsName),
    logsFile: files.has(LOGS_FILE) ? join(dir, LOGS_FILE) : undefined,
    tracesFile: files.has(TRACES_FILE) ? join(dir, TRACES_FILE) : undefined,
  };
}

/**
 * Every case below `root` (or `root` itself), in folder-name order (repeats
 * numerically). `system` overrides the system name the folders give.
 */
export async function findRcaevalCases(root: string, system?: string): Promise<RcaevalCase[]> {
  const folders = await findCaseFolders(root, (files) => files.has(INJECT_TIME_FILE) || METRIC_FILES.some((f) => files.has(f)), MAX_DEPTH);
  if (folders.length === 0) {
    throw notFound(root, `no RCAEval case folder below (a case folder holds ${INJECT_TIME_FILE} and one of ${METRIC_FILES.join(', ')})`);
  }
  const cases: RcaevalCase[] = [];
  const seen = new Map<string, string>();
  for (const { dir, files } of folders) {
    const c = describeCase(dir, files, system);
    const other = seen.get(c.id);
    if (other) throw new DatasetImportError(dir, `case id "${c.id}" is also the id of ${other}; import the two trees separately`);
    seen.set(c.id, dir);
    cases.push(c);
  }
  return cases;
}
