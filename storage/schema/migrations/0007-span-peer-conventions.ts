/**
 * Migration 7: the span rollup names callees as instrumentation older than
 * semantic conventions 1.21 writes them, and counts calls from spans that
 * set no kind.
 *
 * - `net.peer.name` is what `server.address` was called before 1.21, and
 *   older SDKs and instrumentations still write it (the generated
 *   Sock-Shop-like system does). Without it a database call named only its
 *   system, so every MySQL database was one node `mysql`.
 * - Instrumentation that sets no span kind (`Unspecified`) still marks its
 *   outgoing calls with `db.system` or `peer.service`: those spans call a
 *   peer too (SPAN_OUTGOING_CONDITION), as the cause ranking already read them.
 *
 * Rows the rollup holds already keep the names they were written with.
 */
import { modifyMaterializedViewQueryStatement } from '../ddl.ts';
import type { Migration } from '../migration.ts';
import { CALLING_KINDS_CONDITION, spanRollupViewWith } from './0005-signal-rollups.ts';
import { spanPeerName } from './0006-span-peer-names.ts';

/** Where a client span goes: `server.address`, else `net.peer.name` (its name before semantic conventions 1.21). */
const ADDRESS = "if(SpanAttributes['server.address'] != '', SpanAttributes['server.address'], SpanAttributes['net.peer.name'])";

/**
 * The peer an outgoing span calls (spanPeerName over ADDRESS); NULL when it
 * names none. Readers of raw spans (topology, rca/) name peers the same way,
 * so graph nodes, signal entities and ranked causes agree.
 */
export const SPAN_PEER_NAME = spanPeerName(ADDRESS);

/**
 * A span that leaves its service: CLIENT or PRODUCER, or, for
 * instrumentation that sets no kind, an unspecified span carrying the peer
 * attributes only outgoing calls have (`db.system`, `peer.service`).
 */
export const SPAN_OUTGOING_CONDITION = `(${CALLING_KINDS_CONDITION} OR (SpanKind IN ('Unspecified', 'SPAN_KIND_UNSPECIFIED', '') AND (SpanAttributes['db.system'] != '' OR SpanAttributes['peer.service'] != '')))`;

export const spanPeerConventionsMigration: Migration = {
  version: 7,
  name: 'span-peer-conventions',
  statements: (layout) => [modifyMaterializedViewQueryStatement(spanRollupViewWith(SPAN_PEER_NAME, SPAN_OUTGOING_CONDITION), layout)],
};
