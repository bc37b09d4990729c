/**
 * The glob of `--cases`: `*` matches any run of characters (also none), `?`
 * exactly one, everything else itself. The whole id must match
 * (`carts-*` matches `carts-cpu-1`, not `old-carts-cpu-1`).
 */
export function compileCaseGlob(pattern: string): (id: string) => boolean {
  let source = '';
  for (const c of pattern) {
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else source += c.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  const re = new RegExp(`^${source}$`, 'su');
  return (id) => re.test(id);
}
