import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileCaseGlob } from './case-glob.ts';
import { listCases } from './list-cases.ts';
import { sampleTruth } from './testing/sample-case.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-list-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeTruth(folder: string, id = folder): void {
  mkdirSync(join(dir, folder), { recursive: true });
  writeFileSync(join(dir, folder, 'case.json'), JSON.stringify(sampleTruth(id, 'carts')));
}

describe('listCases', () => {
  it('lists the cases of a dataset folder sorted by id, with dataset.json', async () => {
    for (const id of ['orders-mem-2', 'carts-cpu-10', 'carts-cpu-1']) writeTruth(id);
    mkdirSync(join(dir, 'in-progress'));
    writeFileSync(join(dir, 'dataset.json'), JSON.stringify({ name: 'sock-shop-rcd', source: 'test' }));
    const listed = await listCases(dir);
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.cases.map((c) => c.id)).toEqual(['carts-cpu-1', 'carts-cpu-10', 'orders-mem-2']);
    expect(listed.value.cases[0]!.dir).toBe(join(dir, 'carts-cpu-1'));
    expect(listed.value.cases[0]!.truth.id).toBe('carts-cpu-1');
    expect(listed.value).toMatchObject({ name: 'sock-shop-rcd', singleCase: false, info: { name: 'sock-shop-rcd', source: 'test' } });
  });

  it('filters by a glob on case ids', async () => {
    for (const id of ['carts-cpu-1', 'carts-cpu-10', 'carts-mem-1', 'orders-cpu-1']) writeTruth(id);
    const ids = async (glob: string) => {
      const r = await listCases(dir, glob);
      return r.ok ? r.value.cases.map((c) => c.id) : r.error.message;
    };
    expect(await ids('carts-*')).toEqual(['carts-cpu-1', 'carts-cpu-10', 'carts-mem-1']);
    expect(await ids('*-cpu-?')).toEqual(['carts-cpu-1', 'orders-cpu-1']);
    expect(await ids('nothing*')).toEqual([]);
  });

  it('takes a single case folder as a dataset of one', async () => {
    writeTruth('carts-cpu-1');
    const listed = await listCases(join(dir, 'carts-cpu-1'));
    expect(listed.ok && listed.value.cases.map((c) => c.id)).toEqual(['carts-cpu-1']);
    expect(listed.ok && listed.value.singleCase).toBe(true);
  });

  it('fails naming the folder or the file', async () => {
    const missing = await listCases(join(dir, 'nope'));
    expect(missing.ok ? '' : missing.error.code).toBe('CW_ERR_DATASET_NOT_FOUND');
    const empty = await listCases(dir);
    expect(empty.ok ? '' : empty.error.message).toBe(`${dir}: no case.json in this folder or in its subfolders`);
    writeTruth('carts-cpu-1', 'carts-cpu-2');
    const mismatch = await listCases(dir);
    expect(mismatch.ok ? '' : mismatch.error.message).toBe(
      'carts-cpu-1/case.json: id: "carts-cpu-2" differs from its folder\'s name "carts-cpu-1" (the layout is <dataset>/<case-id>/case.json)',
    );
    writeFileSync(join(dir, 'carts-cpu-1', 'case.json'), '{"version": 1,');
    const broken = await listCases(dir);
    expect(broken.ok ? '' : broken.error.message).toMatch(/^carts-cpu-1\/case\.json: not valid JSON: /);
  });
});

describe('case glob', () => {
  it('matches * and ? over the whole id; other characters literally', () => {
    const g = compileCaseGlob('a.b*-?');
    expect(g('a.b-1')).toBe(true);
    expect(g('a.bxyz-9')).toBe(true);
    expect(g('axb-1')).toBe(false);
    expect(g('a.b-12')).toBe(false);
    expect(compileCaseGlob('(x)+[y]')('(x)+[y]')).toBe(true);
    expect(compileCaseGlob('*')('')).toBe(true);
  });
});
