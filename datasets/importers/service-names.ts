/**
 * One `service.name` per service across a case's signals. Metric columns
 * name services as the monitoring did (`frontend`); span and log sources
 * sometimes add or drop a `service` suffix (`frontendservice`). A span or
 * log service name the metrics do not know is renamed to the metrics'
 * spelling when exactly that suffix tells them apart; every other name is
 * kept as written.
 */
export type ServiceResolver = (name: string) => string;

const SUFFIX = 'service';

export function serviceResolver(metricServices: Iterable<string>): ServiceResolver {
  const known = new Set(metricServices);
  const cache = new Map<string, string>();
  return (name) => {
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    let resolved = name;
    if (!known.has(name)) {
      const shorter = name.endsWith(SUFFIX) ? name.slice(0, -SUFFIX.length) : '';
      if (shorter !== '' && known.has(shorter)) resolved = shorter;
      else if (known.has(name + SUFFIX)) resolved = name + SUFFIX;
    }
    cache.set(name, resolved);
    return resolved;
  };
}
