import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../core/errors.ts';
import { renderConfigurationPage, renderErrorsPage } from './reference-docs.ts';

const read = (name: string) => readFileSync(new URL(`../docs/${name}`, import.meta.url), 'utf8');

describe('reference docs', () => {
  it('docs/errors.md lists exactly the registry (run `npm run docs` after changing codes)', () => {
    const page = read('errors.md');
    expect(page).toBe(renderErrorsPage());
    for (const code of Object.keys(ERROR_CODES)) expect(page).toContain(`\`${code}\``);
    const documented = [...page.matchAll(/`(CW_ERR_[A-Z_]+)`/g)].map((m) => m[1]);
    expect(new Set(documented)).toEqual(new Set(Object.keys(ERROR_CODES)));
  });

  it('docs/configuration.md lists every configuration key', () => {
    expect(read('configuration.md')).toBe(renderConfigurationPage());
  });
});
