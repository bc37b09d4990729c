/**
 * RCAEval `logs.csv` -> OTLP/JSON ExportLogsServiceRequest lines.
 *
 * Columns read (RE2/RE3 write `time,timestamp,container_name,message,level,...`;
 * not every system has every column):
 * - time: `timestamp` (Unix time, unit told by magnitude: RCAEval systems
 *   write seconds or nanoseconds), else `time` (Unix time or a date-time
 *   text, UTC unless it names a zone);
 * - service: `container_name` (else `service`, `serviceName`, `container`),
 *   resolved to the metrics' spelling (service-names.ts);
 * - body: `message` (else `log`, `msg`);
 * - severity: `level` (else `severity`) when present and not empty, else
 *   read from the message (log-severity.ts);
 * - every other non-empty cell becomes a string attribute `rcaeval.<column>`
 *   (`rcaeval.req_path`, `rcaeval.log_template`, ...).
 *
 * The records of a file are held in memory and sorted by time (the file is
 * not always in order), then written in lines of at most `LOG_BATCH` records,
 * one resource per service in each line.
 */
import { columnIndex, openCsv } from './csv-reader.ts';
import { DatasetImportError } from './import-error.ts';
import { type Severity, severityOfLevel, severityOfMessage } from './log-severity.ts';
import { IMPORTER_SCOPE, type KeyValueJson, serviceResource, stringAttribute } from './otlp-json.ts';
import { groupInOrder } from '../../core/index.ts';
import type { ServiceResolver } from './service-names.ts';
import { dateTextToNanos, epochTextToNanos } from './timestamps.ts';

export const LOG_BATCH = 1000;

const TIMESTAMP_COLUMNS = ['timestamp'];
const TIME_COLUMNS = ['time'];
const SERVICE_COLUMNS = ['container_name', 'service', 'serviceName', 'service_name', 'container'];
const MESSAGE_COLUMNS = ['message', 'log', 'msg'];
const LEVEL_COLUMNS = ['level', 'severity', 'log_level'];

export interface LogEntry {
  readonly timeNanos: bigint;
  readonly service: string;
  readonly body: string;
  readonly severity: Severity;
  readonly attributes: readonly KeyValueJson[];
}

/** Unix time or date-time text -> ns, or undefined. */
function cellTime(text: string): bigint | undefined {
  return text.trim() === '' ? undefined : (epochTextToNanos(text) ?? dateTextToNanos(text));
}

/** All records of a logs.csv, sorted by time (stable). */
export async function readRcaevalLogs(file: string, resolveService: ServiceResolver): Promise<LogEntry[]> {
  const csv = await openCsv(file);
  const header = csv.header;
  const timestamp = columnIndex(header, TIMESTAMP_COLUMNS);
  const time = columnIndex(header, TIME_COLUMNS);
  const service = columnIndex(header, SERVICE_COLUMNS);
  const message = columnIndex(header, MESSAGE_COLUMNS);
  const level = columnIndex(header, LEVEL_COLUMNS);
  const missing = [
    timestamp < 0 && time < 0 ? `a time column (${[...TIMESTAMP_COLUMNS, ...TIME_COLUMNS].join(' or ')})` : '',
    service < 0 ? `a service column (${SERVICE_COLUMNS.join(', ')})` : '',
    message < 0 ? `a message column (${MESSAGE_COLUMNS.join(', ')})` : '',
  ].filter((m) => m !== '');
  if (missing.length > 0) throw new DatasetImportError(file, `the header has no ${missing.join(', no ')}`, 1, 1);
  const consumed = new Set([timestamp, time, service, message, level]);
  const extra = header.map((name, i) => ({ name, i })).filter(({ name, i }) => !consumed.has(i) && name !== '');

  const entries: LogEntry[] = [];
  for await (const record of csv.records()) {
    const f = record.fields;
    const timeNanos = (timestamp >= 0 ? cellTime(f[timestamp] as string) : undefined) ?? (time >= 0 ? cellTime(f[time] as string) : undefined);
    if (timeNanos === undefined) {
      const at = timestamp >= 0 ? timestamp : time;
      throw new DatasetImportError(file, `${JSON.stringify(f[at])} is not a time (column "${header[at]}")`, record.lines[at], record.columns[at]);
    }
    const body = f[message] as string;
    const levelText = level >= 0 ? (f[level] as string) : '';
    const severity = levelText.trim() !== '' ? severityOfLevel(levelText) : severityOfMessage(body);
    const attributes = extra.filter(({ i }) => (f[i] as string) !== '').map(({ name, i }) => stringAttribute(`rcaeval.${name}`, f[i] as string));
    entries.push({ timeNanos, service: resolveService((f[service] as string).trim()), body, severity, attributes });
  }
  entries.sort((a, b) => (a.timeNanos < b.timeNanos ? -1 : a.timeNanos > b.timeNanos ? 1 : 0));
  return entries;
}

/** Time-ordered lines of at most LOG_BATCH records each. */
export function* logLines(entries: readonly LogEntry[], batch = LOG_BATCH): Generator<{ readonly request: object; readonly records: number }> {
  for (let start = 0; start < entries.length; start += batch) {
    const slice = entries.slice(start, start + batch);
    const resourceLogs = [...groupInOrder(slice, (e) => e.service)].map(([service, records]) => ({
      resource: serviceResource(service),
      scopeLogs: [
        {
          scope: IMPORTER_SCOPE,
          logRecords: records.map((e) => ({
            timeUnixNano: e.timeNanos.toString(),
            ...(e.severity.number !== 0 ? { severityNumber: e.severity.number } : {}),
            ...(e.severity.text !== '' ? { severityText: e.severity.text } : {}),
            body: { stringValue: e.body },
            ...(e.attributes.length > 0 ? { attributes: e.attributes } : {}),
          })),
        },
      ],
    }));
    yield { request: { resourceLogs }, records: slice.length };
  }
}
