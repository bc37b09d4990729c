/**
 * Where the runtime's incident events go. The ClickHouse-backed event store
 * (`causeway_incident_events`) satisfies this shape; the in-memory sink is
 * for evaluation and tests.
 *
 * Contract: `append` gets events in the order they happened, each exactly
 * once unless it failed, in which case the runtime offers the same events
 * again (first) before any newer ones.
 */
import { type Result, ok } from '../../core/result.ts';
import type { IncidentEvent } from '../incidents/incident-events.ts';

export interface IncidentEventSink {
  append(events: readonly IncidentEvent[]): Promise<Result<void>>;
}

export interface MemoryIncidentSink extends IncidentEventSink {
  /** Every event appended so far, in order. */
  events(): readonly IncidentEvent[];
}

export function createMemoryIncidentSink(): MemoryIncidentSink {
  const all: IncidentEvent[] = [];
  return {
    append(events) {
      all.push(...events);
      return Promise.resolve(ok(undefined));
    },
    events: () => all,
  };
}
