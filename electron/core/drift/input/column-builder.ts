import { DriftInputError } from '../errors';
import type { Column, ColumnType } from '../types';

/**
 * pandas' default missing-value markers (read_csv na_values), so a file reads with the
 * same missing values in Quorum as in a notebook.
 */
export const NA_TOKENS: ReadonlySet<string> = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const POSITIVE_INFINITY = new Set(['inf', '+inf', 'infinity', '+infinity']);
const NEGATIVE_INFINITY = new Set(['-inf', '-infinity']);

/** A cell's text as a number, or undefined when it is not one (NA markers are handled before). */
export function parseNumberText(text: string): number | undefined {
  const t = text.trim();
  if (NUMBER.test(t)) return Number(t);
  const lower = t.toLowerCase();
  if (POSITIVE_INFINITY.has(lower)) return Number.POSITIVE_INFINITY;
  if (NEGATIVE_INFINITY.has(lower)) return Number.NEGATIVE_INFINITY;
  return undefined;
}

export interface CellLocation {
  file: string;
  line: number;
}

/**
 * Accumulates one column into a typed array. Without a type override a column is numeric
 * until its first non-numeric, non-missing cell; it then becomes categorical, and the
 * numbers read so far become their shortest text (so "1.50" reads back as "1.5").
 */
export class ColumnBuilder {
  private kind: ColumnType;
  private values: Float64Array = new Float64Array(1024);
  private codes: Int32Array | null = null;
  private dictionary: string[] = [];
  private index = new Map<string, number>();
  length = 0;
  /** Where the column stopped being numeric, for type-clash messages. */
  firstText: { value: string; line: number } | null = null;

  constructor(
    readonly name: string,
    readonly forced: ColumnType | undefined,
    private readonly file: string,
  ) {
    this.kind = forced ?? 'numeric';
  }

  get type(): ColumnType {
    return this.kind;
  }

  pushNumber(value: number): void {
    if (this.kind === 'numeric') {
      if (this.length === this.values.length) this.values = grow(this.values);
      this.values[this.length++] = value;
    } else {
      this.pushCategory(Number.isNaN(value) ? null : String(value));
    }
  }

  pushMissing(): void {
    if (this.kind === 'numeric') this.pushNumber(Number.NaN);
    else this.pushCategory(null);
  }

  /** A cell as text: missing markers, numbers, or (categorical) values. */
  pushText(text: string, line: number): void {
    if (NA_TOKENS.has(text)) return this.pushMissing();
    if (this.kind === 'categorical') return this.pushCategory(text);
    const value = parseNumberText(text);
    if (value !== undefined) return this.pushNumber(value);
    if (this.forced === 'numeric') {
      throw new DriftInputError(
        `${this.file}:${line}: column "${this.name}" is set to numeric, but the value "${clip(text)}" is not a number.`,
        {
          file: this.file,
          line,
          column: this.name,
          value: clip(text),
        },
      );
    }
    this.firstText = { value: clip(text), line };
    this.toCategorical();
    this.pushCategory(text);
  }

  private toCategorical(): void {
    const numbers = this.values.subarray(0, this.length);
    this.kind = 'categorical';
    this.codes = new Int32Array(Math.max(1024, this.values.length));
    const n = this.length;
    this.length = 0;
    for (let i = 0; i < n; i++) {
      const v = numbers[i] ?? Number.NaN;
      this.pushCategory(Number.isNaN(v) ? null : String(v));
    }
    this.values = new Float64Array(0);
  }

  private pushCategory(value: string | null): void {
    let codes = this.codes ?? (this.codes = new Int32Array(1024));
    if (this.length === codes.length) codes = this.codes = growInt(codes);
    if (value === null) {
      codes[this.length++] = -1;
      return;
    }
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.dictionary.length;
      this.dictionary.push(value);
      this.index.set(value, code);
    }
    codes[this.length++] = code;
  }

  build(): Column {
    if (this.kind === 'numeric') return { name: this.name, type: 'numeric', values: this.values.slice(0, this.length) };
    return {
      name: this.name,
      type: 'categorical',
      codes: (this.codes ?? new Int32Array(0)).slice(0, this.length),
      dictionary: this.dictionary,
    };
  }
}

function grow(values: Float64Array): Float64Array {
  const next = new Float64Array(values.length * 2);
  next.set(values);
  return next;
}

function growInt(values: Int32Array): Int32Array {
  const next = new Int32Array(values.length * 2);
  next.set(values);
  return next;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Checks type overrides against the columns a file actually has. */
export function checkOverrides(
  file: string,
  names: readonly string[],
  columnTypes: Readonly<Record<string, ColumnType>> | undefined,
): void {
  for (const name of Object.keys(columnTypes ?? {})) {
    if (!names.includes(name)) {
      throw new DriftInputError(
        `${file}: a column type is set for "${name}", but the file has no such column (it has ${names.map((n) => `"${n}"`).join(', ')}).`,
        {
          file,
          column: name,
        },
      );
    }
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name))
      throw new DriftInputError(`${file}: the column name "${name}" appears twice in the header.`, { file, column: name });
    seen.add(name);
  }
}
