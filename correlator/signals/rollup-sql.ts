/**
 * SQL shared by the readers of the rollup tables (storage migration 5): the
 * time filter on `Bucket` and the bucket index on the frame's grid. A range
 * is read whole rollup buckets at a time, so its start and step must be
 * multiples of the rollup bucket (see `checkSignalRange`).
 */
export const ROLLUP_RANGE_WHERE = 'Bucket >= toDateTime(intDiv({from:Int64}, 1000)) AND Bucket < toDateTime(intDiv({to:Int64}, 1000))';
export const ROLLUP_BUCKET_INDEX = 'intDiv(toInt64(toUnixTimestamp(Bucket)) * 1000 - {from:Int64}, {stepMillis:Int64})';
