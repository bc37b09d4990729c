/** Version strings of rollouts: `1.4.2` -> `1.4.3`, `v0.10.1` -> `v0.10.2`; anything else gets a suffix. */
export function nextPatchVersion(version: string): string {
  const m = /^(v?)(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return m ? `${m[1]}${m[2]}.${m[3]}.${Number(m[4]) + 1}` : `${version}-1`;
}

export function nextMinorVersion(version: string): string {
  const m = /^(v?)(\d+)\.(\d+)(?:\.(\d+))?$/.exec(version);
  return m ? `${m[1]}${m[2]}.${Number(m[3]) + 1}.0` : `${version}-next`;
}
