/**
 * SQL shared by the readers of the rollup tables (storage migration 5): the
 * time filter on `Bucket` and the bucket index on the frame's grid. A range
 * is read whole rollup buckets at a time, so its start and step must be
 * multiples of the rollup bucket (see `checkSignalRange`).
 */

/** The range with its lookback before it (`readFrom`, see rangeParams). */
export const ROLLUP_READ_WHERE = 'Bucket >= toDateTime(intDiv({readFrom:Int64}, 1000)) AND Bucket < toDateTime(intDiv({to:Int64}, 1000))';
/** The frame bucket a rollup bucket falls in; negative in the lookback (floor, so the grid continues before the range). */
export const ROLLUP_BUCKET_INDEX = 'toInt64(floor((toInt64(toUnixTimestamp(Bucket)) * 1000 - {from:Int64}) / {stepMillis:Int64}))';
