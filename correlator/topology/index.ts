/**
 * Public surface of correlator/topology/: the service dependency graph read
 * from traces, its graph queries, and its snapshots.
 */
export { readTopology, PARENT_LOOKBACK_MILLIS, type TopologyQueryStore, type TopologyWindow } from './read-edges.ts';
export { createServiceGraph, type PathOptions, type ServiceGraph, type TraversalOptions } from './service-graph.ts';
export { loadSnapshotAt, saveSnapshot, type LoadSnapshotOptions, type SnapshotWriteStore, type TopologySnapshot } from './snapshot-store.ts';
export { INFRASTRUCTURE_KINDS, infrastructureId, type EdgeKind, type NodeKind, type TopologyData, type TopologyEdge, type TopologyNode } from './topology.ts';
export { withStaticDependencies, type StaticDependency } from './static-dependencies.ts';
