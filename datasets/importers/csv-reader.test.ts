import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CsvRecord, openCsv, readCsvRecords } from './csv-reader.ts';
import { DatasetImportError } from './import-error.ts';
import { tempDir } from './testing/case-files.ts';

function file(content: string): string {
  const path = join(tempDir('csv'), 'x.csv');
  writeFileSync(path, content);
  return path;
}

async function all(path: string): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of readCsvRecords(path)) out.push(r);
  return out;
}

async function fields(content: string): Promise<string[][]> {
  return (await all(file(content))).map((r) => [...r.fields]);
}

async function failure(content: string): Promise<DatasetImportError> {
  const path = file(content);
  try {
    const csv = await openCsv(path);
    for await (const _ of csv.records()) {
      // read to the end
    }
  } catch (e) {
    if (e instanceof DatasetImportError) return e;
    throw e;
  }
  throw new Error('expected a DatasetImportError');
}

describe('readCsvRecords (RFC 4180)', () => {
  it('reads plain fields, empty fields and a last line without a line break', async () => {
    expect(await fields('a,b,c\n1,,3\n,,\n4,5,6')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['', '', ''],
      ['4', '5', '6'],
    ]);
  });

  it('reads quoted fields holding commas, escaped quotes and line breaks', async () => {
    expect(await fields('id,message\n1,"a, b"\n2,"say ""hi"""\n3,"line one\nline two"\n4,""\n')).toEqual([
      ['id', 'message'],
      ['1', 'a, b'],
      ['2', 'say "hi"'],
      ['3', 'line one\nline two'],
      ['4', ''],
    ]);
  });

  it('accepts CRLF line ends, a byte order mark and blank lines', async () => {
    expect(await fields('\ufefftime,v\r\n1,"x\r\ny"\r\n\r\n2,3\r\n')).toEqual([
      ['time', 'v'],
      ['1', 'x\r\ny'],
      ['2', '3'],
    ]);
  });

  it('keeps a quote inside an unquoted field as a literal character', async () => {
    expect(await fields('m\nsaid "hi" twice\n')).toEqual([['m'], ['said "hi" twice']]);
  });

  it('gives the line and column where each field starts, across quoted line breaks', async () => {
    const records = await all(file('a,b\n"x\ny",zz\n'));
    expect(records[1]?.lines).toEqual([2, 3]);
    expect(records[1]?.columns).toEqual([1, 4]);
  });

  it('reads fields that cross the reader chunk boundary', async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => [String(i), `m "${i}", with comma\nand break`]);
    const text = `n,m\n${rows.map(([n, m]) => `${n},"${(m as string).replaceAll('"', '""')}"`).join('\n')}\n`;
    expect(text.length).toBeGreaterThan(2 * (1 << 20));
    const read = await fields(text);
    expect(read.slice(1)).toEqual(rows);
  });
});

describe('openCsv errors name the file, line and column', () => {
  it('a character after a closing quote', async () => {
    const e = await failure('a,b\n1,"x"y\n');
    expect(e.message).toMatch(/x\.csv:2:6: unexpected character "y" after a closing quote$/);
  });

  it('an unterminated quoted field', async () => {
    const e = await failure('a,b\n1,"open\nstill open\n');
    expect(e.message).toMatch(/x\.csv:2:3: unterminated quoted field$/);
  });

  it('a record with another number of fields than the header', async () => {
    const e = await failure('a,b\n1,2\n3\n');
    expect(e.message).toMatch(/x\.csv:3:1: expected 2 fields as in the header, found 1$/);
  });

  it('an empty file and a missing file', async () => {
    expect((await failure('')).message).toMatch(/x\.csv: empty file: no header line$/);
    const missing = join(tempDir('csv'), 'none.csv');
    await expect(openCsv(missing)).rejects.toMatchObject({ code: 'CW_ERR_DATASET_NOT_FOUND', message: `${missing}: file not found` });
  });
});
