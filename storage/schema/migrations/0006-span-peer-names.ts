/**
 * Migration 6: the span rollup names the callee of every client span that
 * says where it goes, not only databases and `peer.service`.
 *
 * Plain HTTP and gRPC client spans name their callee only in
 * `server.address` (in Kubernetes the callee's Service name, e.g.
 * `currencyservice` or `currencyservice.shop.svc.cluster.local`). When a
 * callee stops answering it writes no spans of its own, and its callers'
 * client spans are then the only record of its requests and errors. The
 * signals read those as the callee's when it has no spans of its own around
 * the bucket (correlator/signals/read-trace-signals.ts), so a dead service
 * still gets error and request-rate series instead of going silent.
 *
 * Rows the rollup holds already keep the names they were written with.
 */
import { modifyMaterializedViewQueryStatement } from '../ddl.ts';
import type { Migration } from '../migration.ts';
import { ROLLUPS, SPAN_ROLLUP_GROUP_BY, SPAN_ROLLUP_VIEW, spanRollupSelect } from './0005-signal-rollups.ts';

const ADDRESS = "SpanAttributes['server.address']";

/**
 * The callee a client span's `server.address` names, NULL for none or an IP
 * address: a Kubernetes service DNS name (`<service>.<namespace>.svc...`) or
 * a bare host name gives its first label, the name the callee's own
 * `service.name` usually has; any other host name is kept whole
 * (`api.example.com` is an external peer, not `api`).
 */
const ADDRESS_PEER = `nullIf(multiIf(isIPv4String(${ADDRESS}) OR isIPv6String(${ADDRESS}), '', match(${ADDRESS}, '^[^.]+\\\\.[^.]+\\\\.svc(\\\\.|$)') OR position(${ADDRESS}, '.') = 0, splitByChar('.', ${ADDRESS})[1], ${ADDRESS}), '')`;

/**
 * The peer a client span calls: `peer.service`, else a database's
 * `server.address`, else the database system, else the callee
 * `server.address` names (see ADDRESS_PEER); NULL when it names none.
 * Readers of raw spans (topology, rca/) name peers the same way, so graph
 * nodes, signal entities and ranked causes agree.
 */
export const SPAN_PEER_NAME = `coalesce(nullIf(SpanAttributes['peer.service'], ''), nullIf(if(SpanAttributes['db.system'] != '', ${ADDRESS}, ''), ''), nullIf(SpanAttributes['db.system'], ''), ${ADDRESS_PEER})`;

const spanView = ROLLUPS.find((r) => r.view.name === SPAN_ROLLUP_VIEW)!.view;

export const spanPeerNamesMigration: Migration = {
  version: 6,
  name: 'span-peer-names',
  statements: (layout) => [modifyMaterializedViewQueryStatement({ ...spanView, select: `${spanRollupSelect(SPAN_PEER_NAME)}\n${SPAN_ROLLUP_GROUP_BY}` }, layout)],
};
