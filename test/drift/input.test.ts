import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeDrift } from '../../electron/core/drift/engine';
import { DriftInputError } from '../../electron/core/drift/errors';
import { readCsv } from '../../electron/core/drift/input/csv';
import { loadPair, loadTable, PARALLEL_LOAD_MIN_BYTES } from '../../electron/core/drift/input/load';
import { readParquet } from '../../electron/core/drift/input/parquet';
import type { CategoricalColumn, Column, NumericColumn } from '../../electron/core/drift/types';
import { writeParquet } from './support/parquet-writer';
import { numericSample, Rng } from './support/random';

const dir = mkdtempSync(join(tmpdir(), 'quorum-drift-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const col = (columns: readonly Column[], name: string): Column => {
  const c = columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
};
const nums = (c: Column): number[] => Array.from((c as NumericColumn).values);
const cats = (c: Column): (string | null)[] =>
  Array.from((c as CategoricalColumn).codes, (k) => (k < 0 ? null : ((c as CategoricalColumn).dictionary[k] ?? '?')));

describe('CSV', () => {
  it('infers numeric and categorical columns and reads missing values as pandas does', async () => {
    const path = file(
      'plain.csv',
      'id,score,colour,flag\r\n1,0.5,red,True\r\n2,,blue,False\r\n3,NaN,NA,True\r\n4,inf,red,\r\n5,-1e-3,N/A,False\r\n\r\n6,-Infinity,null,True\r\n',
    );
    const t = await readCsv(path);
    expect(t.rowCount).toBe(6);
    expect(col(t.columns, 'id').type).toBe('numeric');
    expect(nums(col(t.columns, 'score'))).toEqual([
      0.5,
      Number.NaN,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -0.001,
      Number.NEGATIVE_INFINITY,
    ]);
    expect(cats(col(t.columns, 'colour'))).toEqual(['red', 'blue', null, 'red', null, null]);
    expect(cats(col(t.columns, 'flag'))).toEqual(['True', 'False', 'True', null, 'False', 'True']);
    expect(t.fileDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('counts missing values and infinities per sample in the drift result', async () => {
    const ref = await readCsv(file('r.csv', 'x\n1\n2\n\nNaN\n3\n4\n'));
    const cur = await readCsv(file('c.csv', 'x\n1\ninf\n-inf\n2\n'));
    const result = await computeDrift(ref, cur, { parallel: 'never' });
    expect(result.features[0]).toMatchObject({
      referenceRows: 4,
      referenceMissing: 1,
      currentRows: 2,
      currentMissing: 2,
      currentInfinite: 2,
    });
    expect(result.reproducibility.referenceDigestOf).toBe('file');
  });

  it('switches a column to categorical at its first text, and honours type overrides', async () => {
    const path = file('mixed.csv', 'code,amount\n10,1.50\n20,2\nA7,3\n');
    const inferred = await readCsv(path);
    expect(cats(col(inferred.columns, 'code'))).toEqual(['10', '20', 'A7']);
    const forced = await readCsv(path, { columnTypes: { amount: 'categorical' } });
    expect(cats(col(forced.columns, 'amount'))).toEqual(['1.50', '2', '3']);
    await expect(readCsv(path, { columnTypes: { code: 'numeric' } })).rejects.toThrow(
      /mixed\.csv:4: column "code" is set to numeric, but the value "A7" is not a number/,
    );
    await expect(readCsv(path, { columnTypes: { nope: 'numeric' } })).rejects.toThrow(/a column type is set for "nope"/);
  });

  it('reads cells that only start like numbers as text', async () => {
    const t = await readCsv(file('prefix.csv', 'a,b\n1,2\n12abc,3\n1e,4\n-,5\n'));
    expect(cats(col(t.columns, 'a'))).toEqual(['1', '12abc', '1e', '-']);
    expect(nums(col(t.columns, 'b'))).toEqual([2, 3, 4, 5]);
  });

  it('hands quoted files to csv-parse: quotes, embedded commas and newlines', async () => {
    const path = file('quoted.csv', 'name,"note, free text",v\n"Smith, J","said ""hi""\nand left",1\nDoe,plain,2\n');
    const t = await readCsv(path);
    expect(t.columns.map((c) => c.name)).toEqual(['name', 'note, free text', 'v']);
    expect(cats(col(t.columns, 'name'))).toEqual(['Smith, J', 'Doe']);
    expect(cats(col(t.columns, 'note, free text'))).toEqual(['said "hi"\nand left', 'plain']);
    expect(nums(col(t.columns, 'v'))).toEqual([1, 2]);
  });

  it('parses numbers from bytes exactly as Number() does', async () => {
    const values = [
      '0.1',
      '-0.000123456789',
      '123456789012345678',
      '1e-300',
      '2.5E+10',
      '+7',
      '.5',
      '5.',
      '0',
      '-0',
      '9007199254740993',
      '1.7976931348623157e308',
    ];
    const t = await readCsv(file('numbers.csv', `x\n${values.join('\n')}\n`));
    expect(nums(col(t.columns, 'x'))).toEqual(values.map(Number));
  });

  it.each([
    ['too many fields', 'a,b\n1,2\n3,4,5\n', /bad\.csv:3: expected 2 fields as in the header, found 3/],
    ['too few fields', 'a,b\n1,2\n3\n', /bad\.csv:3: expected 2 fields as in the header, found 1/],
    ['quoted, too many fields', 'a,"b"\n1,2\n3,4,5\n', /bad\.csv:3: .*(expected 2 fields|Invalid Record Length)/],
    ['unclosed quote', 'a,b\n1,"2\n3,4\n', /bad\.csv.*malformed CSV/],
    ['empty file', '', /bad\.csv: the file is empty/],
    ['duplicate header', 'a,a\n1,2\n', /the column name "a" appears twice/],
  ])('names file and line for malformed input: %s', async (_label, text, message) => {
    const path = file('bad.csv', text);
    const error = await readCsv(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriftInputError);
    expect((error as Error).message).toMatch(message);
  });

  it('says when a file is missing or of an unknown kind', async () => {
    await expect(loadTable(join(dir, 'nope.csv'))).rejects.toThrow(/nope\.csv: no such file/);
    await expect(loadTable(file('data.xlsx', 'x'))).rejects.toThrow(/unsupported file type "\.xlsx"/);
    await expect(loadPair(join(dir, 'nope.csv'), join(dir, 'r.csv'))).rejects.toThrow(/no such file/);
  });
});

describe('Parquet', () => {
  it('reads typed columns with nulls, and gives the same drift as the same data in CSV', async () => {
    const rng = new Rng(3);
    const x = Array.from(numericSample(rng, { n: 300, nanShare: 0.1 }), (v) => (Number.isNaN(v) ? null : v));
    const y = Array.from(numericSample(rng, { n: 300, mean: 0.3 }));
    const cat = Array.from({ length: 300 }, (_, i) => (i % 17 === 0 ? null : (['a', 'b', 'c'][i % 3] ?? 'a')));
    const n = Array.from({ length: 300 }, (_, i) => i % 9);
    const pq = join(dir, 'ref.parquet');
    writeParquet(pq, [
      { name: 'x', type: 'DOUBLE', values: x, optional: true },
      { name: 'cat', type: 'UTF8', values: cat, optional: true },
      { name: 'n', type: 'INT64', values: n },
      { name: 'ok', type: 'BOOLEAN', values: n.map((v) => v > 4) },
    ]);
    const csv = file(
      'ref.csv',
      `x,cat,n,ok\n${x.map((v, i) => `${v === null ? '' : String(v)},${cat[i] ?? ''},${n[i]},${(n[i] ?? 0) > 4 ? 'true' : 'false'}`).join('\n')}\n`,
    );
    const fromParquet = await readParquet(pq);
    const fromCsv = await readCsv(csv);
    expect(fromParquet.rowCount).toBe(300);
    expect(fromParquet.columns.map((c) => [c.name, c.type])).toEqual([
      ['x', 'numeric'],
      ['cat', 'categorical'],
      ['n', 'numeric'],
      ['ok', 'categorical'],
    ]);
    expect(nums(col(fromParquet.columns, 'x'))).toEqual(nums(col(fromCsv.columns, 'x')));
    expect(cats(col(fromParquet.columns, 'cat'))).toEqual(cats(col(fromCsv.columns, 'cat')));
    const cur = await readCsv(
      file('cur.csv', `x,cat,n,ok\n${y.map((v, i) => `${v},${['a', 'c'][i % 2]},${i % 7},${i % 2 ? 'true' : 'false'}`).join('\n')}\n`),
    );
    const a = await computeDrift(fromParquet, cur, { parallel: 'never' });
    const b = await computeDrift(fromCsv, cur, { parallel: 'never' });
    expect(a.features).toEqual(b.features);
    expect(a.reproducibility.referenceDigest).not.toBe(b.reproducibility.referenceDigest); // digests are of each file's bytes
  });

  it('rejects a file that is not Parquet, naming it', async () => {
    await expect(readParquet(file('fake.parquet', 'not parquet at all'))).rejects.toThrow(/fake\.parquet: not a readable Parquet file/);
  });
});

describe('loading both samples', () => {
  it('reads large files on worker threads with the same result', async () => {
    const rng = new Rng(11);
    const rows: string[] = ['a,b,c'];
    while (rows.length * 40 < PARALLEL_LOAD_MIN_BYTES / 2 + 200_000) {
      rows.push(`${rng.normal().toFixed(9)},${rng.normal(5).toFixed(9)},${['u', 'v', 'w'][rng.int(3)]}`);
    }
    const text = `${rows.join('\n')}\n`;
    const ref = file('big-ref.csv', text);
    const cur = file('big-cur.csv', text);
    const [r, c] = await loadPair(ref, cur);
    const direct = await readCsv(ref);
    expect(r.columns).toEqual(direct.columns);
    expect(r.fileDigest).toBe(direct.fileDigest);
    expect(c.fileDigest).toBeUndefined(); // only the reference is hashed
  });
});
