/**
 * Validation of `case.json` and `dataset.json` (format version 1) once
 * parsed. Every problem is named by the file and the field's path
 * (`carts-cpu-1/case.json: faults[0].indicator: "cpu2" is not one of cpu, ...`);
 * all problems of a file are reported together, so one run shows every fix
 * needed. Unknown fields are refused too: a misspelt optional field (`ned`
 * for `end`) would otherwise be silently lost.
 */
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import { type CaseTruth, type DatasetInfo, FAULT_INDICATORS } from './case-truth.ts';
import { isoToNanos } from './iso-time.ts';

type Json = Record<string, unknown>;

const CASE_FIELDS = ['version', 'id', 'system', 'window', 'faults'];
const WINDOW_FIELDS = ['start', 'end'];
const FAULT_FIELDS = ['service', 'indicator', 'type', 'start', 'end'];
const DATASET_FIELDS = ['name', 'system', 'description', 'source', 'license'];

/** Collects problems as `path: what is wrong`. */
class Problems {
  readonly list: string[] = [];

  add(path: string, what: string): void {
    this.list.push(`${path}: ${what}`);
  }

  /** The object at `path` ('' for the file's root), or undefined (with a problem) when `v` is not one. Unknown keys are problems. */
  object(v: unknown, path: string, known: readonly string[]): Json | undefined {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.add(path || '(root)', `expected an object, got ${describe(v)}`);
      return undefined;
    }
    for (const key of Object.keys(v)) {
      if (!known.includes(key)) this.add(join(path, key), `unknown field (expected one of ${known.join(', ')})`);
    }
    return v as Json;
  }

  string(obj: Json, key: string, path: string, nonEmpty: boolean): string | undefined {
    const v = obj[key];
    if (v === undefined) {
      this.add(join(path, key), 'missing');
      return undefined;
    }
    if (typeof v !== 'string') this.add(join(path, key), `expected a string, got ${describe(v)}`);
    else if (nonEmpty && v.trim() === '') this.add(join(path, key), 'must not be empty');
    else return v;
    return undefined;
  }

  /** An ISO 8601 time with a zone, as nanoseconds; undefined (with a problem) when missing or malformed. */
  time(obj: Json, key: string, path: string): bigint | undefined {
    const text = this.string(obj, key, path, true);
    if (text === undefined) return undefined;
    const nanos = isoToNanos(text);
    if (nanos === undefined) this.add(join(path, key), `${describe(text)} is not an ISO 8601 time with a zone, like "2022-05-17T18:30:00Z"`);
    return nanos;
  }

  result<T>(file: string, value: T): Result<T> {
    if (this.list.length === 0) return ok(value);
    return fail(causewayError('CW_ERR_DATASET_INVALID', `${file}: ${this.list.join('; ')}`));
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}...` : v);
  if (typeof v === 'object') return 'an object';
  return String(v);
}

/**
 * `value` (parsed `case.json`) as a CaseTruth, or CW_ERR_DATASET_INVALID
 * naming `file` and each bad field. Checks: version 1; a non-empty id that
 * can be a folder name; the window's times and order; each fault's service,
 * indicator, type and times, its start inside the window and its end (when
 * given) not before its start. A fault may end after the window: the
 * recording can stop while the fault is still active.
 */
export function validateCaseTruth(value: unknown, file: string): Result<CaseTruth> {
  const p = new Problems();
  const root = p.object(value, '', CASE_FIELDS);
  if (!root) return p.result(file, value as CaseTruth);

  if (root.version === undefined) p.add('version', 'missing (expected 1)');
  else if (root.version !== 1) p.add('version', `expected 1, got ${describe(root.version)}`);
  const id = p.string(root, 'id', '', true);
  if (id !== undefined && (/[/\\]/.test(id) || id === '.' || id === '..')) p.add('id', `${describe(id)} cannot be a folder name`);
  p.string(root, 'system', '', false);

  let windowStart: bigint | undefined;
  let windowEnd: bigint | undefined;
  let windowText = '';
  if (root.window === undefined) p.add('window', 'missing');
  else {
    const window = p.object(root.window, 'window', WINDOW_FIELDS);
    if (window) {
      windowStart = p.time(window, 'start', 'window');
      windowEnd = p.time(window, 'end', 'window');
      if (windowStart !== undefined && windowEnd !== undefined && windowEnd <= windowStart) p.add('window.end', 'must be after window.start');
      windowText = `${String(window.start)} .. ${String(window.end)}`;
    }
  }

  if (root.faults === undefined) p.add('faults', 'missing (use [] for a fault-free case)');
  else if (!Array.isArray(root.faults)) p.add('faults', `expected an array, got ${describe(root.faults)}`);
  else {
    root.faults.forEach((f: unknown, i: number) => {
      const path = `faults[${i}]`;
      const fault = p.object(f, path, FAULT_FIELDS);
      if (!fault) return;
      p.string(fault, 'service', path, true);
      const indicator = p.string(fault, 'indicator', path, true);
      if (indicator !== undefined && !(FAULT_INDICATORS as readonly string[]).includes(indicator)) {
        p.add(`${path}.indicator`, `${describe(indicator)} is not one of ${FAULT_INDICATORS.join(', ')}`);
      }
      p.string(fault, 'type', path, false);
      const start = p.time(fault, 'start', path);
      if (start !== undefined && windowStart !== undefined && windowEnd !== undefined && (start < windowStart || start > windowEnd)) {
        p.add(`${path}.start`, `${String(fault.start)} is outside the window ${windowText}`);
      }
      if (fault.end !== undefined) {
        const end = p.time(fault, 'end', path);
        if (end !== undefined && start !== undefined && end < start) p.add(`${path}.end`, `must not be before ${path}.start`);
      }
    });
  }
  return p.result(file, root as unknown as CaseTruth);
}

/** `value` (parsed `dataset.json`) as DatasetInfo: an object whose fields are all optional strings. */
export function validateDatasetInfo(value: unknown, file: string): Result<DatasetInfo> {
  const p = new Problems();
  const root = p.object(value, '', DATASET_FIELDS);
  if (root) {
    for (const key of DATASET_FIELDS) {
      if (root[key] !== undefined && typeof root[key] !== 'string') p.add(key, `expected a string, got ${describe(root[key])}`);
    }
  }
  return p.result(file, value as DatasetInfo);
}
