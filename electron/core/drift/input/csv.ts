import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { DriftInputError } from '../errors';
import type { ColumnType, Table } from '../types';
import { checkOverrides, ColumnBuilder, NA_TOKENS } from './column-builder';

export interface CsvOptions {
  columnTypes?: Readonly<Record<string, ColumnType>>;
  /** Hash the file's bytes for the reproducibility record (default true). */
  digest?: boolean;
}

/**
 * Reads a CSV file into typed columns, streaming. Plain files — no quote character
 * anywhere — go through a byte-level splitter that parses numbers straight from the bytes
 * (csv-parse's general state machine is several times slower than pandas on those). The
 * first quote sends the whole file to csv-parse, which handles quoting, embedded newlines
 * and the rest of RFC 4180. Both paths build the same columns and the SHA-256 of the bytes.
 */
export async function readCsv(path: string, options: CsvOptions = {}): Promise<Table> {
  const fast = await readPlainCsv(path, options);
  if (fast !== 'quoted') return fast;
  return readQuotedCsv(path, options);
}

const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const CHUNK = 4 * 1024 * 1024;

async function readPlainCsv(path: string, options: CsvOptions): Promise<Table | 'quoted'> {
  const hash = options.digest === false ? null : createHash('sha256');
  let builders: ColumnBuilder[] | null = null;
  let leftover: Buffer | null = null;
  let line = 0;
  let rows = 0;
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      hash?.update(piece);
      let chunk: Buffer = piece;
      if (line === 0 && !leftover && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf)
        chunk = chunk.subarray(3);
      if (chunk.includes(QUOTE)) return 'quoted';
      let from = 0;
      if (leftover) {
        // Finish the line split across chunks without copying the whole chunk.
        const firstNewline = chunk.indexOf(LF);
        if (firstNewline < 0) {
          leftover = Buffer.concat([leftover, chunk]);
          continue;
        }
        const joined = Buffer.concat([leftover, chunk.subarray(0, firstNewline + 1)]);
        const result = processLines(joined, 0, joined.length, builders, line, path, options);
        builders = result.builders;
        line = result.line;
        rows += result.rows;
        leftover = null;
        from = firstNewline + 1;
      }
      const lastNewline = chunk.lastIndexOf(LF);
      if (lastNewline < from) {
        leftover = Buffer.from(chunk.subarray(from));
        continue;
      }
      const result = processLines(chunk, from, lastNewline + 1, builders, line, path, options);
      builders = result.builders;
      line = result.line;
      rows += result.rows;
      leftover = lastNewline + 1 < chunk.length ? Buffer.from(chunk.subarray(lastNewline + 1)) : null;
    }
  } catch (error) {
    throw fileError(path, error);
  }
  if (leftover && leftover.length > 0) {
    const withNewline = Buffer.concat([leftover, Buffer.of(LF)]);
    const result = processLines(withNewline, 0, withNewline.length, builders, line, path, options);
    builders = result.builders;
    rows += result.rows;
  }
  if (!builders) throw new DriftInputError(`${path}: the file is empty; a CSV needs a header line.`, { file: path });
  return finish(path, builders, rows, hash);
}

function processLines(
  buf: Buffer,
  start: number,
  end: number,
  builders: ColumnBuilder[] | null,
  firstLine: number,
  path: string,
  options: CsvOptions,
): { builders: ColumnBuilder[] | null; line: number; rows: number } {
  let line = firstLine;
  let rows = 0;
  let pos = start;
  let cols = builders;
  while (pos < end) {
    let eol = buf.indexOf(LF, pos);
    if (eol < 0 || eol >= end) eol = end;
    let lineEnd = eol;
    if (lineEnd > pos && buf[lineEnd - 1] === CR) lineEnd--;
    line++;
    if (lineEnd > pos) {
      if (!cols) {
        cols = header(buf.toString('utf8', pos, lineEnd).split(','), path, options);
      } else {
        splitRow(buf, pos, lineEnd, cols, line, path);
        rows++;
      }
    }
    pos = eol + 1;
  }
  return { builders: cols, line, rows };
}

function header(names: string[], path: string, options: CsvOptions): ColumnBuilder[] {
  const trimmed = names.map((n) => n.trim());
  checkOverrides(path, trimmed, options.columnTypes);
  return trimmed.map((name) => new ColumnBuilder(name, options.columnTypes?.[name], path));
}

function splitRow(buf: Buffer, start: number, end: number, cols: ColumnBuilder[], line: number, path: string): void {
  // One pass per field: numbers are parsed while looking for the delimiter.
  let field = 0;
  let pos = start;
  for (;;) {
    const builder = cols[field];
    if (!builder) throw fieldCount(path, line, cols.length, countFields(buf, start, end));
    let stop: number;
    if (builder.type === 'numeric') {
      const value = scanNumber(buf, pos, end);
      stop = scanEnd;
      if (stop < end && buf[stop] !== COMMA) {
        stop = fieldEnd(buf, pos, end);
        builder.pushText(buf.toString('utf8', pos, stop), line);
      } else if (value === undefined) {
        builder.pushText(buf.toString('utf8', pos, stop), line);
      } else {
        builder.pushNumber(value);
      }
    } else {
      stop = fieldEnd(buf, pos, end);
      builder.pushText(buf.toString('utf8', pos, stop), line);
    }
    field++;
    if (stop >= end) break;
    pos = stop + 1;
  }
  if (field !== cols.length) throw fieldCount(path, line, cols.length, field);
}

function fieldEnd(buf: Buffer, pos: number, end: number): number {
  const comma = buf.indexOf(COMMA, pos);
  return comma < 0 || comma > end ? end : comma;
}

function countFields(buf: Buffer, start: number, end: number): number {
  let n = 1;
  for (let i = start; i < end; i++) if (buf[i] === COMMA) n++;
  return n;
}

function fieldCount(path: string, line: number, expected: number, found: number): DriftInputError {
  return new DriftInputError(`${path}:${line}: expected ${expected} fields as in the header, found ${found}.`, {
    file: path,
    line,
    expected,
    found,
  });
}

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/** Where the last `scanNumber` stopped. */
let scanEnd = 0;

/**
 * A decimal number straight from bytes, or undefined to fall back to the text path (NA
 * markers, infinities, text). Exact when the digits fit in 2^53 and the power of ten is
 * exact (one correctly rounded operation, as Number() would give); otherwise defers to Number().
 */
export function parseNumberBytes(buf: Buffer, start: number, end: number): number | undefined {
  const value = scanNumber(buf, start, end);
  return scanEnd === end ? value : undefined;
}

/**
 * Reads a number from `start`, stopping at the first byte that cannot continue it (the
 * delimiter, normally) and leaving that position in `scanEnd`. An empty field is NaN.
 */
function scanNumber(buf: Buffer, start: number, end: number): number | undefined {
  scanEnd = start;
  if (start === end || buf[start] === COMMA) return Number.NaN; // empty cell: missing
  let i = start;
  let negative = false;
  const first = buf[i];
  if (first === 0x2d || first === 0x2b) {
    negative = first === 0x2d;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let any = false;
  while (i < end) {
    const c = (buf[i] ?? 0) - 0x30;
    if (c < 0 || c > 9) break;
    if (digits < 15) {
      mantissa = mantissa * 10 + c;
      if (mantissa > 0) digits++;
    } else {
      scale++;
      digits++;
    }
    any = true;
    i++;
  }
  if (i < end && buf[i] === 0x2e) {
    i++;
    while (i < end) {
      const c = (buf[i] ?? 0) - 0x30;
      if (c < 0 || c > 9) break;
      if (digits < 15) {
        mantissa = mantissa * 10 + c;
        scale--;
        if (mantissa > 0) digits++;
      } else {
        digits++;
      }
      any = true;
      i++;
    }
  }
  scanEnd = i;
  if (!any) return undefined;
  if (i < end && (buf[i] === 0x65 || buf[i] === 0x45)) {
    i++;
    let expNegative = false;
    if (buf[i] === 0x2d || buf[i] === 0x2b) {
      expNegative = buf[i] === 0x2d;
      i++;
    }
    let exp = 0;
    let expDigits = 0;
    while (i < end) {
      const c = (buf[i] ?? 0) - 0x30;
      if (c < 0 || c > 9) break;
      exp = exp * 10 + c;
      expDigits++;
      i++;
    }
    scanEnd = i;
    if (expDigits === 0) return undefined;
    scale += expNegative ? -exp : exp;
  }
  if (digits > 15 || scale > 22 || scale < -22) return Number(buf.toString('latin1', start, i));
  const magnitude = scale >= 0 ? mantissa * (POW10[scale] ?? 1) : mantissa / (POW10[-scale] ?? 1);
  return negative ? -magnitude : magnitude;
}

async function readQuotedCsv(path: string, options: CsvOptions): Promise<Table> {
  const hash = options.digest === false ? null : createHash('sha256');
  let builders: ColumnBuilder[] | null = null;
  let rows = 0;
  const parser = parse({ bom: true, skip_empty_lines: true, info: true, relax_quotes: false });
  const source = createReadStream(path, { highWaterMark: CHUNK });
  source.on('data', (piece) => hash?.update(piece));
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      if (!builders) {
        builders = header(record, path, options);
        continue;
      }
      if (record.length !== builders.length) throw fieldCount(path, info.lines, builders.length, record.length);
      for (let f = 0; f < record.length; f++) {
        const text = record[f] ?? '';
        const builder = builders[f] as ColumnBuilder;
        if (NA_TOKENS.has(text)) builder.pushMissing();
        else builder.pushText(text, info.lines);
      }
      rows++;
    }
  } catch (error) {
    throw fileError(path, error);
  }
  if (!builders) throw new DriftInputError(`${path}: the file is empty; a CSV needs a header line.`, { file: path });
  return finish(path, builders, rows, hash);
}

function finish(path: string, builders: ColumnBuilder[], rows: number, hash: Hash | null): Table {
  const columns = builders.map((b) => b.build());
  return hash
    ? { rowCount: rows, columns, fileDigest: `sha256:${hash.digest('hex')}`, source: path }
    : { rowCount: rows, columns, source: path };
}

/** File-system and csv-parse failures, as input errors that name the file and line. */
function fileError(path: string, error: unknown): Error {
  if (error instanceof DriftInputError) return error;
  const e = error as { code?: string; message?: string; lines?: number };
  if (e.code === 'ENOENT') return new DriftInputError(`${path}: no such file.`, { file: path });
  if (e.code === 'EISDIR') return new DriftInputError(`${path} is a directory, not a CSV file.`, { file: path });
  if (e.code === 'EACCES') return new DriftInputError(`${path}: permission denied.`, { file: path });
  if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
    const line = typeof e.lines === 'number' ? e.lines : null;
    return new DriftInputError(`${path}${line ? `:${line}` : ''}: malformed CSV — ${e.message ?? e.code}`, {
      file: path,
      line,
      reason: e.code,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}
