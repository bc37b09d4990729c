/**
 * SQL shared by the readers of the rollup tables (storage migration 5): the
 * time filters on `Bucket` and the bucket index on the frame's grid. A range
 * is read whole rollup buckets at a time, so its start and step must be
 * multiples of the rollup bucket (see `checkSignalRange`).
 */
const bucketFrom = (param: string) => `Bucket >= toDateTime(intDiv({${param}:Int64}, 1000))`;
const BEFORE_TO = 'Bucket < toDateTime(intDiv({to:Int64}, 1000))';

/** The range's own buckets. */
export const ROLLUP_RANGE_WHERE = `${bucketFrom('from')} AND ${BEFORE_TO}`;
/** The range with its context before it. */
export const ROLLUP_CONTEXT_WHERE = `${bucketFrom('contextFrom')} AND ${BEFORE_TO}`;
/** Whether a rollup bucket is in the context before the range. */
export const ROLLUP_IN_CONTEXT = 'Bucket < toDateTime(intDiv({from:Int64}, 1000))';
/** The frame bucket a rollup bucket falls in; negative in the context (floor, so the grid continues before the range). */
export const ROLLUP_BUCKET_INDEX = 'toInt64(floor((toInt64(toUnixTimestamp(Bucket)) * 1000 - {from:Int64}) / {stepMillis:Int64}))';
