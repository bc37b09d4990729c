/**
 * Which anomalies followed a deployment of their own service. A bad deploy
 * often shows as a few more errors a minute on a service that had some: a
 * level shift only the change point finds, or a rise short of the fold
 * change a lone finding needs to open an incident
 * (incidents/opening-evidence.ts). What confirms it is what an on-call
 * engineer would check first: the service was deployed just before it
 * started failing.
 *
 * Only failures count. Latency is not confirmed this way: a freshly
 * started process is slow for a while (cold caches, a JIT warming up), so
 * every release would look like a bad one; on generated cases a harmless
 * deployment of a front end whose latency then rose with another fault's
 * opened an incident before that fault began. Memory, CPU and traffic move
 * with any rollout's restarts.
 *
 * A critical anomaly of a service's errors or error logs going up
 * gets `evidence.deployedAtMillis` (when the new value was first seen) and
 * `evidence.deployChange` (`service.version 1.4 -> 1.5`) when one of the
 * service's deployment markers (read-deploy-markers.ts) took a new value
 * (find-changes.ts) in [onset - withinMillis, onset + slackMillis], seen
 * by `atMillis`. Every other anomaly passes unchanged, and nothing is read
 * when none of them qualifies: the runtime calls this on the anomalies it
 * takes, and a critical error finding is rare.
 */
import { type Result, ok } from '../../core/result.ts';
import type { Anomaly } from '../detect/anomaly.ts';
import type { Indicator } from '../signals/signal-frame.ts';
import type { SignalQueryStore } from '../signals/signal-range.ts';
import { type ResourceChange, describeChange, findChanges } from './find-changes.ts';
import { readDeployMarkers } from './read-deploy-markers.ts';

export interface RecentDeployOptions {
  /** How long before an anomaly's onset a deployment still explains it. */
  readonly withinMillis: number;
  /** A deployment first seen up to this long after the onset still counts: an onset is the start of its bucket (or a change point's estimate), and a rollout reaches the first pods over a minute or so. */
  readonly slackMillis: number;
  /** How far before the range marker values are read, so a value merely not seen for a while is not taken for new. */
  readonly historyMillis: number;
}

export const RECENT_DEPLOY_DEFAULTS: RecentDeployOptions = Object.freeze({
  withinMillis: 10 * 60_000,
  slackMillis: 60_000,
  historyMillis: 60 * 60_000,
});

const FAILURES: ReadonlySet<Indicator> = new Set<Indicator>(['errors', 'log']);

/** Whether a deployment just before could be what the anomaly shows: a critical rise of errors or error logs. */
function mayFollowDeploy(a: Anomaly): boolean {
  return a.severity === 'critical' && a.direction === 'up' && FAILURES.has(a.indicator);
}

/** Whether the anomaly was marked as following its own service's deployment. */
export function followsOwnDeploy(a: Anomaly): boolean {
  return typeof a.evidence.deployedAtMillis === 'number';
}

export async function withRecentDeploys(store: SignalQueryStore, anomalies: readonly Anomaly[], atMillis: number, o: RecentDeployOptions = RECENT_DEPLOY_DEFAULTS): Promise<Result<Anomaly[]>> {
  const asking = anomalies.filter(mayFollowDeploy);
  if (asking.length === 0) return ok([...anomalies]);
  const fromMillis = Math.min(...asking.map((a) => a.onsetMillis)) - o.withinMillis;
  const toMillis = Math.min(atMillis, Math.max(...asking.map((a) => a.onsetMillis)) + o.slackMillis);
  const markers = await readDeployMarkers(store, [...new Set(asking.map((a) => a.entity))], fromMillis - o.historyMillis, toMillis);
  if (!markers.ok) return markers;
  const changes = findChanges(markers.value, fromMillis, toMillis);
  return ok(
    anomalies.map((a) => {
      const deploy = mayFollowDeploy(a) ? deploymentNear(changes, a, o) : undefined;
      if (!deploy) return a;
      return { ...a, evidence: { ...a.evidence, deployedAtMillis: deploy.atMillis, deployChange: describeChange(deploy) } };
    }),
  );
}

/** The latest change of the anomaly's service in [onset - withinMillis, onset + slackMillis] (find-changes.ts orders them by service, then time). */
function deploymentNear(changes: readonly ResourceChange[], a: Anomaly, o: RecentDeployOptions): ResourceChange | undefined {
  let latest: ResourceChange | undefined;
  for (const c of changes) {
    if (c.service === a.entity && c.atMillis >= a.onsetMillis - o.withinMillis && c.atMillis <= a.onsetMillis + o.slackMillis) latest = c;
  }
  return latest;
}
