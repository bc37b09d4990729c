/**
 * Renders the reference pages that are derived from code: the error codes
 * (docs/errors.md) and the configuration keys (docs/configuration.md).
 * `npm run docs` writes them; a test fails when the committed pages differ
 * from what the code says.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE_ENV, CONFIG_KEYS } from '../config/index.ts';
import { ERROR_CODES } from '../core/errors.ts';

export function renderErrorsPage(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, d]) => `| \`${code}\` | ${d.httpStatus} | ${d.retryable ? 'yes' : 'no'} | ${d.summary} |`);
  return [
    '# Error codes',
    '',
    'Every expected failure Causeway reports carries one of these stable codes:',
    'in API responses (`{ "code", "message" }`), in OTLP error statuses',
    '(`<code>: <message>`), in CLI messages and in logs. Codes are never renamed',
    'or reused. The message adds what exactly is wrong and where.',
    '',
    '| code | HTTP status | retry can succeed | meaning |',
    '|------|-------------|-------------------|---------|',
    ...rows,
    '',
    'OTLP receivers report ingest failures the way the OTLP specification asks:',
    'retryable ones as HTTP 503 with `Retry-After` or gRPC `UNAVAILABLE` with a',
    '`google.rpc.RetryInfo`; see [ingest.md](ingest.md).',
    '',
  ].join('\n');
}

export function renderConfigurationPage(): string {
  const rows = CONFIG_KEYS.map(
    (k) => `| \`${k.path}\` | \`--${k.flag}\` | \`${k.env}\` | \`${JSON.stringify(k.defaultValue)}\` | ${k.description.replace(/\|/g, '\\|')} |`,
  );
  return [
    '# Configuration',
    '',
    'One schema (`config/schema.ts`) defines every key, its type and its default.',
    'Sources, strongest first: command-line options, `CAUSEWAY_*` environment',
    `variables, the YAML file given by \`--config\` or \`${CONFIG_FILE_ENV}\`, then the defaults.`,
    'The merged result is validated once at start-up; an unknown key or a bad value',
    'stops the start with a message naming the key and where it came from.',
    '',
    'In the YAML file, keys nest by their dots:',
    '',
    '```yaml',
    'dataDir: /var/lib/causeway',
    'otlp:',
    '  grpc:',
    '    port: 4317',
    '  maxInFlightBytes: 268435456',
    'clickhouse:',
    '  url: http://clickhouse:8123',
    'retention:',
    '  tracesDays: 7',
    '```',
    '',
    '| key | option | environment | default | meaning |',
    '|-----|--------|-------------|---------|---------|',
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const docs = new URL('../docs/', import.meta.url);
  writeFileSync(new URL('errors.md', docs), renderErrorsPage());
  writeFileSync(new URL('configuration.md', docs), renderConfigurationPage());
}
