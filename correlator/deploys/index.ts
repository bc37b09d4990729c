export { DEPLOY_MARKERS, readDeployMarkers, type DeployMarker, type MarkerValue } from './read-deploy-markers.ts';
export { describeChange, findChanges, type ResourceChange } from './find-changes.ts';
export { RECENT_DEPLOY_DEFAULTS, followsOwnDeploy, withRecentDeploys, type RecentDeployOptions } from './recent-deploys.ts';
