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
 * Migration 7 widens this again (older attribute names, spans without a
 * kind); the text here stays as released (see migration.ts).
 */
import { modifyMaterializedViewQueryStatement } from '../ddl.ts';
import type { Migration } from '../migration.ts';
import { CALLING_KINDS_CONDITION, spanRollupViewWith } from './0005-signal-rollups.ts';

/**
 * The callee an address names, as an SQL expression over `address` (an SQL
 * string expression); NULL for none or an IP address. A Kubernetes service
 * DNS name (`<service>.<namespace>.svc...`) or a bare host name gives its
 * first label, the name the callee's own `service.name` usually has; any
 * other host name is kept whole (`api.example.com` is an external peer,
 * not `api`).
 */
export function calleeOfAddress(address: string): string {
  return `nullIf(multiIf(isIPv4String(${address}) OR isIPv6String(${address}), '', match(${address}, '^[^.]+\\\\.[^.]+\\\\.svc(\\\\.|$)') OR position(${address}, '.') = 0, splitByChar('.', ${address})[1], ${address}), '')`;
}

/**
 * The peer a client span calls: `peer.service`, else a database's address,
 * else the database system, else the callee the address names
 * (calleeOfAddress); NULL when it names none.
 */
export function spanPeerName(address: string): string {
  return `coalesce(nullIf(SpanAttributes['peer.service'], ''), nullIf(if(SpanAttributes['db.system'] != '', ${address}, ''), ''), nullIf(SpanAttributes['db.system'], ''), ${calleeOfAddress(address)})`;
}

/** As released here: the address is `server.address` alone. */
const RELEASED_PEER_NAME = spanPeerName("SpanAttributes['server.address']");

export const spanPeerNamesMigration: Migration = {
  version: 6,
  name: 'span-peer-names',
  statements: (layout) => [modifyMaterializedViewQueryStatement(spanRollupViewWith(RELEASED_PEER_NAME, CALLING_KINDS_CONDITION), layout)],
};
