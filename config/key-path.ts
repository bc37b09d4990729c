/**
 * Key paths as users write them: `correlator.logRules[2].bodyRegex`, from
 * the JSON pointers schema validation reports (`/correlator/logRules/2/bodyRegex`).
 */

/** A JSON pointer as a dotted key path with list indexes in brackets. */
export function configPath(pointer: string): string {
  return pointer
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, s) => (/^\d+$/.test(s) ? `${path}[${s}]` : path === '' ? s : `${path}.${s}`), '');
}

/** The configuration key a path lies in: `correlator.logRules[2].bodyRegex` is in `correlator.logRules`. */
export function leafPath(path: string): string {
  const bracket = path.indexOf('[');
  return bracket < 0 ? path : path.slice(0, bracket);
}
