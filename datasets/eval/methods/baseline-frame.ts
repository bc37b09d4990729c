/** The grid the baselines read signals on. */
export const BASELINE_STEP_SECONDS = 10;
