/**
 * JSONEachRow encoding of rows for `Store.insertRows`.
 *
 * Rows carry nanosecond timestamps as decimal strings (see otel-rows.ts).
 * ClickHouse reads a quoted value for a DateTime64 column as date text: a
 * 19-digit string happens to be taken as nanoseconds, but `"0"` (an unset
 * start time) is refused and short strings are read as seconds or as a year.
 * A bare JSON number, by contrast, is read as exact ticks of the column's
 * precision in every ClickHouse version. So the values of the columns named
 * in `nanosColumns` that are decimal strings (or arrays of them) are written
 * as bare numbers; everything else goes through JSON.stringify.
 */

const DECIMAL = /^\d{1,20}$/;

/** JSON forbids leading zeros: "000" becomes the number 0. */
function bareNumber(value: string): string {
  return value.replace(/^0+(?=\d)/, '');
}

function encodeNanos(value: unknown): string | undefined {
  if (typeof value === 'string' && DECIMAL.test(value)) return bareNumber(value);
  if (typeof value === 'bigint' && value >= 0n) return value.toString();
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (const item of value) {
      const encoded = encodeNanos(item);
      if (encoded === undefined) return undefined;
      parts.push(encoded);
    }
    return `[${parts.join(',')}]`;
  }
  return undefined;
}

/** A bigint nested in an object or array becomes a quoted decimal, which ClickHouse reads into integer columns exactly. */
function encodeValue(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** Field by field; handles bigints anywhere (the slow path). */
function encodeFieldByField(row: object, nanosColumns: ReadonlySet<string>): string {
  const fields: string[] = [];
  for (const [key, value] of Object.entries(row)) {
    if (value === undefined) continue;
    const encoded = (nanosColumns.has(key) ? encodeNanos(value) : undefined) ?? encodeValue(value);
    fields.push(`${JSON.stringify(key)}:${encoded}`);
  }
  return `{${fields.join(',')}}\n`;
}

/**
 * Encodes one row as a JSONEachRow line (with the trailing newline).
 * Keys whose value is `undefined` are left out, so the column default applies.
 *
 * Fast path: the native JSON.stringify of the row with its nanosecond
 * fields blanked out (undefined is skipped), those fields written in front
 * (JSONEachRow does not care about key order). A bigint makes
 * JSON.stringify throw; such rows take the field-by-field path.
 */
export function encodeJsonEachRowLine(row: object, nanosColumns: ReadonlySet<string>): string {
  let head = '';
  let copy: Record<string, unknown> | undefined;
  for (const key of nanosColumns) {
    if (!Object.hasOwn(row, key)) continue;
    const encoded = encodeNanos((row as Record<string, unknown>)[key]);
    if (encoded === undefined) continue;
    copy ??= { ...row };
    copy[key] = undefined;
    head += `${JSON.stringify(key)}:${encoded},`;
  }
  let rest: string;
  try {
    rest = JSON.stringify(copy ?? row);
  } catch (err) {
    if (err instanceof TypeError) return encodeFieldByField(row, nanosColumns);
    throw err;
  }
  if (head === '') return `${rest}\n`;
  return rest === '{}' ? `{${head.slice(0, -1)}}\n` : `{${head}${rest.slice(1)}\n`;
}

/** Encodes rows as a JSONEachRow body. */
export function encodeJsonEachRow(rows: readonly object[], nanosColumns: ReadonlySet<string>): string {
  let body = '';
  for (const row of rows) body += encodeJsonEachRowLine(row, nanosColumns);
  return body;
}
