/**
 * Writing one imported case through the dataset format's case writer, and
 * what an import reports about each case.
 *
 * Importers read and convert a whole case before writing (the truth's
 * window must be known when the writer is created), then hand the writer
 * each signal's lines in time order. A line the writer refuses aborts the
 * case (its folder is left without `case.json`, so it is not a case) and
 * fails the import: it would be a bug in the importer.
 */
import { type CaseTruth, type SignalFile, createCaseWriter } from '../format/index.ts';
import { DatasetImportError } from './import-error.ts';

export interface ImportedCase {
  readonly id: string;
  /** The source folder. */
  readonly source: string;
  /** Where it was written: `<out>/<id>`. */
  readonly dir: string;
  /** `RE1`, `RE2`, `RE3` or `sock-shop-rcd`. */
  readonly layout: string;
  readonly truth: CaseTruth;
  readonly lines: Readonly<Record<SignalFile, number>>;
  /** Metric data points, log records, spans. */
  readonly items: Readonly<Record<SignalFile, number>>;
  /** Metric columns the mapping table does not know (prefixed `<file>:` when a case reads several metric files). */
  readonly skippedColumns: readonly string[];
  readonly seconds: number;
}

export interface SignalSource {
  readonly signal: SignalFile;
  /** Requests in time order, each with its item count. */
  readonly lines: Iterable<{ readonly request: object; readonly items: number }>;
}

export async function writeCase(
  caseDir: string,
  truth: CaseTruth,
  sources: readonly SignalSource[],
): Promise<{ lines: Record<SignalFile, number>; items: Record<SignalFile, number> }> {
  const created = await createCaseWriter(caseDir, truth);
  if (!created.ok) throw DatasetImportError.fromCausewayError(created.error, caseDir);
  const writer = created.value;
  const lines: Record<SignalFile, number> = { traces: 0, metrics: 0, logs: 0 };
  const items: Record<SignalFile, number> = { traces: 0, metrics: 0, logs: 0 };
  try {
    for (const { signal, lines: requests } of sources) {
      for (const { request, items: count } of requests) {
        const appended = await writer.append(signal, request);
        if (!appended.ok) throw DatasetImportError.fromCausewayError(appended.error, caseDir);
        lines[signal]++;
        items[signal] += count;
      }
    }
  } catch (e) {
    await writer.abort();
    throw e;
  }
  const closed = await writer.close();
  if (!closed.ok) throw DatasetImportError.fromCausewayError(closed.error, caseDir);
  return { lines, items };
}

/** Smallest and largest of some nanosecond times; undefined when there are none. */
export class TimeSpan {
  first: bigint | undefined;
  last: bigint | undefined;

  add(nanos: bigint): void {
    if (this.first === undefined || nanos < this.first) this.first = nanos;
    if (this.last === undefined || nanos > this.last) this.last = nanos;
  }
}
