/**
 * The incident event log in `causeway_incident_events` (storage migration 3):
 * the one writer appends the events the grouper and the ranking emit, and
 * anyone reads the log back, whole or per incident, folded into states with
 * `foldIncidents` (incident-events.ts), so every reader agrees on what an
 * incident is.
 *
 * Writing (one writer at a time: the active correlator):
 * - `append` writes one call's events with one insert, numbering them after
 *   the highest number stored (read from the table before the first write),
 *   so the log's order survives restarts. Calls are serialised in call order.
 * - Events that contradict the log (an id opened twice, an event for an
 *   incident never opened, a merge into one) are a writer's bug: `append`
 *   throws and writes nothing, so the stored log always folds.
 * - A failed write may still have landed (a timeout after the server wrote).
 *   Its numbers are never given to other events, and when the next call
 *   retries the same events, only those not stored are written, under their
 *   original numbers. Rows sharing a number are one event and are read once.
 *
 * Restart: `restore()` reads the log (or the part still active), folds it,
 * and sets the writer's next number; its `states` are the incidents as they
 * were, `incidentIds` every id ever opened (a new grouper must not reuse one).
 *
 * Event JSON keeps numbers JSON cannot: NaN, ±Infinity and -0 become
 * `{"$float": "NaN"}` etc.; an object of the data that happens to have that
 * shape is wrapped as `{"$literal": {...}}`. Typed arrays become arrays.
 *
 * Retention drops whole days of the log, so the oldest incidents may have
 * lost their first events. Readers drop what such a cut log cannot explain
 * (events of incidents whose `opened` is gone, merges into them) instead of
 * failing.
 */
import { causewayError } from '../../core/errors.ts';
import { type Result, fail, ok } from '../../core/result.ts';
import { INCIDENT_EVENTS_TABLE } from '../../storage/schema/migrations/0003-incident-events.ts';
import { type IncidentEvent, type IncidentState, foldIncidents } from './incident-events.ts';

export interface IncidentQueryStore {
  queryRows<T>(sql: string, params?: Record<string, unknown>): Promise<Result<T[]>>;
}

export interface IncidentWriteStore extends IncidentQueryStore {
  insertRows(table: string, rows: readonly object[]): Promise<Result<void>>;
}

export interface LoadEventsOptions {
  readonly incidentIds?: readonly string[];
  /** Event time (`atMillis`), inclusive. */
  readonly fromMillis?: number;
  /** Event time, exclusive. */
  readonly toMillis?: number;
}

/** `merged`: incidents that merged into another. */
export type IncidentListStatus = 'open' | 'resolved' | 'merged' | 'all';

export interface ListIncidentsOptions {
  readonly status: IncidentListStatus;
  /**
   * Incidents alive at some time in [fromMillis, toMillis) (event time):
   * opened before `toMillis` and not resolved or merged before `fromMillis`.
   * Open incidents opened before `toMillis` are always alive.
   */
  readonly fromMillis: number;
  readonly toMillis: number;
  readonly limit: number;
}

export interface IncidentRecord {
  /** Folded with every incident merged into it (and the one it merged into). */
  readonly state: IncidentState;
  /** The incident's own events and the merges into it, in log order. */
  readonly timeline: readonly IncidentEvent[];
}

export interface RestoreOptions {
  /** Only incidents open or ended at or after this event time (with those merged with them); default all. */
  readonly activeSinceMillis?: number;
}

export interface RestoredIncidents {
  /** By id, in order of opening. */
  readonly states: Map<string, IncidentState>;
  /** The events folded into `states`, in log order. */
  readonly events: readonly IncidentEvent[];
  /** Every incident id opened in the stored log, restored or not. */
  readonly incidentIds: ReadonlySet<string>;
  /** The number the next appended event gets. */
  readonly nextSequence: number;
}

export interface IncidentEventReader {
  /** Events in log order (each once). */
  load(options?: LoadEventsOptions): Promise<Result<IncidentEvent[]>>;
  /** One incident, or undefined when no `opened` event of it is stored. */
  incident(id: string): Promise<Result<IncidentRecord | undefined>>;
  /** Incidents newest (latest opened) first. */
  list(options: ListIncidentsOptions): Promise<Result<IncidentState[]>>;
}

export interface IncidentEventStore extends IncidentEventReader {
  /** Appends in order with one insert; [] is a no-op. Throws on events that contradict the log (see above). */
  append(events: readonly IncidentEvent[]): Promise<Result<void>>;
  /** Reads and folds the log for a restart; the writer continues after it. */
  restore(options?: RestoreOptions): Promise<Result<RestoredIncidents>>;
}

// ---- JSON that keeps every number -----------------------------------------

const FLOAT_TAG = '$float';
const LITERAL_TAG = '$literal';

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty: a key named `__proto__` stays data, as JSON.parse keeps it.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function toJsonTree(value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return { [FLOAT_TAG]: Object.is(value, -0) ? '-0' : String(value) };
  }
  if (value === null || typeof value !== 'object') return value;
  const toJson = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJson === 'function') return toJsonTree(toJson.call(value));
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<unknown>, toJsonTree);
  if (Array.isArray(value)) return value.map(toJsonTree);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) setOwn(out, key, toJsonTree(item));
  const keys = Object.keys(out);
  return keys.length === 1 && (keys[0] === FLOAT_TAG || keys[0] === LITERAL_TAG) ? { [LITERAL_TAG]: out } : out;
}

function fromJsonTree(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJsonTree);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [only] = entries;
  if (entries.length === 1 && only !== undefined) {
    const [key, inner] = only;
    if (key === FLOAT_TAG && typeof inner === 'string') return Number(inner);
    if (key === LITERAL_TAG && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) return objectFromJson(inner);
  }
  return objectFromJson(value);
}

function objectFromJson(value: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) setOwn(out, key, fromJsonTree(item));
  return out;
}

/** The event as the `event` column's text. */
export function encodeIncidentEvent(event: IncidentEvent): string {
  return JSON.stringify(toJsonTree(event));
}

/** Inverse of encodeIncidentEvent; throws SyntaxError on text that is not JSON. */
export function decodeIncidentEvent(text: string): unknown {
  return fromJsonTree(JSON.parse(text));
}

// ---- rows -----------------------------------------------------------------

interface EventRow {
  readonly incident_id: string;
  readonly seq: number;
  readonly kind: string;
  readonly event_time: number;
  readonly written_at: number;
  readonly event: string;
}

interface StoredRow {
  seq: number | string;
  incident_id: string;
  kind: string;
  event: string;
}

function toRow(event: IncidentEvent, text: string, seq: number, writtenAtMillis: number): EventRow {
  return { incident_id: event.incidentId, seq, kind: event.kind, event_time: Math.max(0, Math.round(event.atMillis)), written_at: writtenAtMillis, event: text };
}

function fromRow(row: StoredRow): Result<IncidentEvent> {
  const where = `${INCIDENT_EVENTS_TABLE} event ${Number(row.seq)} of ${row.incident_id}`;
  let value: unknown;
  try {
    value = decodeIncidentEvent(row.event);
  } catch (err) {
    return fail(causewayError('CW_ERR_STORAGE_QUERY', `${where}: unreadable JSON (${(err as Error).message})`));
  }
  const event = value as Partial<IncidentEvent> | null;
  if (event === null || typeof event !== 'object' || event.kind !== row.kind || event.incidentId !== row.incident_id) {
    return fail(causewayError('CW_ERR_STORAGE_QUERY', `${where}: the JSON does not match the row's kind ${row.kind}`));
  }
  return ok(event as IncidentEvent);
}

/** Throws when `e` contradicts a log whose opened incidents are `known` (which it updates): applyIncidentEvent's checks, on ids. */
function admit(e: IncidentEvent, known: Set<string>): void {
  if (typeof e.incidentId !== 'string' || e.incidentId === '') throw new Error(`incident event ${e.kind} without an incident id`);
  if (!Number.isFinite(e.atMillis)) throw new Error(`incident event ${e.kind} of ${e.incidentId} at ${e.atMillis}: event time must be finite`);
  if (e.kind === 'opened') {
    if (known.has(e.incidentId)) throw new Error(`incident ${e.incidentId} opened twice: the id is already in the event log`);
    known.add(e.incidentId);
    return;
  }
  if (!known.has(e.incidentId)) throw new Error(`event ${e.kind} for incident ${e.incidentId}, which the event log never opened`);
  if (e.kind === 'merged-into' && !known.has(e.targetIncidentId)) {
    throw new Error(`incident ${e.incidentId} merged into ${e.targetIncidentId}, which the event log never opened`);
  }
}

/** Drops what a log cut by retention cannot explain: events of incidents whose `opened` is gone, and merges into such incidents. */
function explainable(events: readonly IncidentEvent[]): IncidentEvent[] {
  const opened = new Set<string>();
  return events.filter((e) => {
    if (e.kind === 'opened') {
      opened.add(e.incidentId);
      return true;
    }
    return opened.has(e.incidentId) && (e.kind !== 'merged-into' || opened.has(e.targetIncidentId));
  });
}

function fold(events: readonly IncidentEvent[]): Result<Map<string, IncidentState>> {
  try {
    return ok(foldIncidents(events));
  } catch (err) {
    return fail(causewayError('CW_ERR_STORAGE_QUERY', `${INCIDENT_EVENTS_TABLE} contradicts itself: ${(err as Error).message}`));
  }
}

// ---- SQL ------------------------------------------------------------------

const MILLIS = (param: string) => `fromUnixTimestamp64Milli({${param}:Int64})`;

function loadQuery(o: LoadEventsOptions): { sql: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (o.incidentIds !== undefined) {
    where.push('incident_id IN {ids:Array(String)}');
    params.ids = [...o.incidentIds];
  }
  if (o.fromMillis !== undefined) {
    where.push(`event_time >= ${MILLIS('from')}`);
    params.from = Math.round(o.fromMillis);
  }
  if (o.toMillis !== undefined) {
    where.push(`event_time < ${MILLIS('to')}`);
    params.to = Math.round(o.toMillis);
  }
  const filter = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  return { sql: `SELECT seq, incident_id, kind, event FROM ${INCIDENT_EVENTS_TABLE} ${filter} ORDER BY seq LIMIT 1 BY seq`, params };
}

const STATUS_CONDITION: Record<IncidentListStatus, string> = {
  open: "countIf(kind != 'opened') = 0",
  resolved: "countIf(kind = 'resolved') > 0",
  merged: "countIf(kind = 'merged-into') > 0",
  all: '1',
};

/**
 * Ids of incidents by status, alive in a range (either bound optional),
 * newest first. An incident ends when it resolves or merges.
 */
function idsQuery(o: { status: IncidentListStatus; fromMillis?: number; toMillis?: number; limit?: number }): { sql: string; params: Record<string, unknown> } {
  const having = ["countIf(kind = 'opened') > 0", STATUS_CONDITION[o.status]];
  const params: Record<string, unknown> = {};
  if (o.toMillis !== undefined) {
    having.push(`minIf(event_time, kind = 'opened') < ${MILLIS('to')}`);
    params.to = Math.round(o.toMillis);
  }
  if (o.fromMillis !== undefined) {
    having.push(`(countIf(kind != 'opened') = 0 OR maxIf(event_time, kind != 'opened') >= ${MILLIS('from')})`);
    params.from = Math.round(o.fromMillis);
  }
  if (o.limit !== undefined) params.limit = o.limit;
  const sql = `
SELECT incident_id AS id
FROM ${INCIDENT_EVENTS_TABLE}
WHERE kind IN ('opened', 'resolved', 'merged-into')
GROUP BY incident_id
HAVING ${having.join('\n   AND ')}
ORDER BY minIf(event_time, kind = 'opened') DESC, minIf(seq, kind = 'opened') DESC
${o.limit !== undefined ? 'LIMIT {limit:UInt32}' : ''}`;
  return { sql, params };
}

const MERGES_SQL = `
SELECT incident_id AS source, JSONExtractString(event, 'targetIncidentId') AS target
FROM ${INCIDENT_EVENTS_TABLE}
WHERE kind = 'merged-into' AND (incident_id IN {ids:Array(String)} OR JSONExtractString(event, 'targetIncidentId') IN {ids:Array(String)})`;

const POSITION_SQL = `
SELECT count() AS n, max(seq) AS last, groupUniqArrayIf(incident_id, kind = 'opened') AS opened
FROM ${INCIDENT_EVENTS_TABLE}`;

const STORED_SEQS_SQL = `
SELECT DISTINCT seq FROM ${INCIDENT_EVENTS_TABLE}
WHERE incident_id IN {ids:Array(String)} AND seq >= {first:UInt64} AND seq <= {last:UInt64}`;

// ---- the store --------------------------------------------------------------

type Folded = { events: IncidentEvent[]; states: Map<string, IncidentState> };
type IdsOptions = Parameters<typeof idsQuery>[0];

/** The reader with the parts the writer's restore shares. */
interface ReaderParts extends IncidentEventReader {
  loadFolded(ids: readonly string[]): Promise<Result<Folded>>;
  selectIds(options: IdsOptions): Promise<Result<string[]>>;
}

function createReaderParts(store: IncidentQueryStore): ReaderParts {
  async function load(options: LoadEventsOptions = {}): Promise<Result<IncidentEvent[]>> {
    if (options.incidentIds !== undefined && options.incidentIds.length === 0) return ok([]);
    const { sql, params } = loadQuery(options);
    const rows = await store.queryRows<StoredRow>(sql, params);
    if (!rows.ok) return rows;
    const events: IncidentEvent[] = [];
    for (const row of rows.value) {
      const event = fromRow(row);
      if (!event.ok) return event;
      events.push(event.value);
    }
    return ok(events);
  }

  /** `ids` and every incident connected to them by merges, either way. */
  async function mergeComponent(ids: readonly string[]): Promise<Result<string[]>> {
    const component = new Set(ids);
    let frontier = [...component];
    while (frontier.length > 0) {
      const rows = await store.queryRows<{ source: string; target: string }>(MERGES_SQL, { ids: frontier });
      if (!rows.ok) return rows;
      frontier = [];
      for (const id of rows.value.flatMap((r) => [r.source, r.target])) {
        if (id !== '' && !component.has(id)) {
          component.add(id);
          frontier.push(id);
        }
      }
    }
    return ok([...component]);
  }

  /** The events of `ids` and of their merge components, as far as they fold. */
  async function loadFolded(ids: readonly string[]): Promise<Result<Folded>> {
    const component = await mergeComponent(ids);
    if (!component.ok) return component;
    const loaded = await load({ incidentIds: component.value });
    if (!loaded.ok) return loaded;
    const events = explainable(loaded.value);
    const states = fold(events);
    return states.ok ? ok({ events, states: states.value }) : states;
  }

  async function selectIds(o: IdsOptions): Promise<Result<string[]>> {
    const { sql, params } = idsQuery(o);
    const rows = await store.queryRows<{ id: string }>(sql, params);
    return rows.ok ? ok(rows.value.map((r) => r.id)) : rows;
  }

  return {
    load,
    loadFolded,
    selectIds,
    async incident(id) {
      const folded = await loadFolded([id]);
      if (!folded.ok) return folded;
      const state = folded.value.states.get(id);
      if (state === undefined) return ok(undefined);
      const timeline = folded.value.events.filter((e) => e.incidentId === id || (e.kind === 'merged-into' && e.targetIncidentId === id));
      return ok({ state, timeline });
    },
    async list(options) {
      const ids = await selectIds(options);
      if (!ids.ok) return ids;
      if (ids.value.length === 0) return ok([]);
      const folded = await loadFolded(ids.value);
      if (!folded.ok) return folded;
      return ok(ids.value.map((id) => folded.value.states.get(id)).filter((s): s is IncidentState => s !== undefined));
    },
  };
}

/** Read-only access, for the API and tools. */
export function createIncidentEventReader(store: IncidentQueryStore): IncidentEventReader {
  const { load, incident, list } = createReaderParts(store);
  return { load, incident, list };
}

interface WriterPosition {
  next: number;
  /** Ids with a stored (or written by this store) `opened` event. */
  readonly known: Set<string>;
}

/** A batch whose write failed: it may have landed in part or whole. */
interface Unconfirmed {
  readonly texts: readonly string[];
  readonly rows: readonly EventRow[];
}

export function createIncidentEventStore(store: IncidentWriteStore): IncidentEventStore {
  const reader = createReaderParts(store);
  /** undefined: read it from the table before the next write (at first, and after a failed write). */
  let position: WriterPosition | undefined;
  let unconfirmed: Unconfirmed | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  function serialised<T>(run: () => Promise<T>): Promise<T> {
    const job = queue.then(run);
    queue = job.catch(() => undefined);
    return job;
  }

  async function readPosition(): Promise<Result<WriterPosition>> {
    const rows = await store.queryRows<{ n: number | string; last: number | string; opened: string[] }>(POSITION_SQL);
    if (!rows.ok) return rows;
    const row = rows.value[0];
    let next = row !== undefined && Number(row.n) > 0 ? Number(row.last) + 1 : 1;
    const lastUnconfirmed = unconfirmed?.rows.at(-1)?.seq;
    if (lastUnconfirmed !== undefined) next = Math.max(next, lastUnconfirmed + 1);
    return ok({ next, known: new Set(row?.opened ?? []) });
  }

  /** Which of a failed batch's numbers are stored. */
  async function storedSequences(rows: readonly EventRow[]): Promise<Result<Set<number>>> {
    const seqs = rows.map((r) => r.seq);
    const stored = await store.queryRows<{ seq: number | string }>(STORED_SEQS_SQL, {
      ids: [...new Set(rows.map((r) => r.incident_id))],
      first: Math.min(...seqs),
      last: Math.max(...seqs),
    });
    return stored.ok ? ok(new Set(stored.value.map((r) => Number(r.seq)))) : stored;
  }

  async function appendNow(events: readonly IncidentEvent[]): Promise<Result<void>> {
    if (events.length === 0) return ok(undefined);
    if (position === undefined) {
      const read = await readPosition();
      if (!read.ok) return read;
      position = read.value;
    }
    const at = position;
    const texts = events.map(encodeIncidentEvent);
    const known = new Set(at.known);
    const now = Date.now();
    const retry = unconfirmed !== undefined && unconfirmed.texts.length === texts.length && unconfirmed.texts.every((t, i) => t === texts[i]) ? unconfirmed : undefined;
    let batch: EventRow[];
    let toWrite: EventRow[];
    if (retry !== undefined) {
      const stored = await storedSequences(retry.rows);
      if (!stored.ok) return stored;
      batch = retry.rows.map((r) => ({ ...r, written_at: now }));
      toWrite = batch.filter((r, i) => {
        if (stored.value.has(r.seq)) return false;
        admit(events[i] as IncidentEvent, known);
        return true;
      });
    } else {
      for (const e of events) admit(e, known);
      batch = events.map((e, i) => toRow(e, texts[i] as string, at.next + i, now));
      toWrite = batch;
    }
    const written = toWrite.length === 0 ? ok(undefined) : await store.insertRows(INCIDENT_EVENTS_TABLE, toWrite);
    if (!written.ok) {
      unconfirmed = { texts, rows: batch };
      position = undefined;
      return written;
    }
    unconfirmed = undefined;
    at.known.clear();
    for (const id of known) at.known.add(id);
    at.next = Math.max(at.next, (batch.at(-1)?.seq ?? 0) + 1);
    return ok(undefined);
  }

  async function restoreNow(options: RestoreOptions): Promise<Result<RestoredIncidents>> {
    let folded: Result<Folded>;
    if (options.activeSinceMillis === undefined) {
      const loaded = await reader.load();
      if (!loaded.ok) return loaded;
      const events = explainable(loaded.value);
      const states = fold(events);
      folded = states.ok ? ok({ events, states: states.value }) : states;
    } else {
      const ids = await reader.selectIds({ status: 'all', fromMillis: options.activeSinceMillis });
      if (!ids.ok) return ids;
      folded = await reader.loadFolded(ids.value);
    }
    if (!folded.ok) return folded;
    const read = await readPosition();
    if (!read.ok) return read;
    position = read.value;
    return ok({ states: folded.value.states, events: folded.value.events, incidentIds: new Set(read.value.known), nextSequence: read.value.next });
  }

  return {
    load: (options) => reader.load(options),
    incident: (id) => reader.incident(id),
    list: (options) => reader.list(options),
    append: (events) => {
      const batch = [...events];
      return serialised(() => appendNow(batch));
    },
    restore: (options = {}) => serialised(() => restoreNow(options)),
  };
}
