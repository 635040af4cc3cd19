import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type FileMetaData, type SchemaElement } from 'hyparquet';
import { DriftInputError } from '../errors';
import type { Column, ColumnType, Table } from '../types';
import { checkOverrides, ColumnBuilder } from './column-builder';

export interface ParquetOptions {
  columnTypes?: Readonly<Record<string, ColumnType>>;
  /** Hash the file's bytes for the reproducibility record (default true). */
  digest?: boolean;
}

/**
 * Reads a Parquet file with hyparquet, column chunk by column chunk, into typed columns.
 * Physical types decide the default: floats and integers (and decimals) are numeric,
 * everything else — strings, booleans, dates — categorical by its text. Nulls are missing.
 */
export async function readParquet(path: string, options: ParquetOptions = {}): Promise<Table> {
  let file: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  let metadata: FileMetaData;
  try {
    await stat(path);
    file = await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw parquetError(path, error);
  }
  // A read error surfaces from the parse below; the hash then just gives up quietly.
  const digest = options.digest === false ? Promise.resolve(null) : digestFile(path).catch(() => null);
  const fields = parquetSchema(metadata).children.map((child) => child.element);
  const names = fields.map((f) => f.name);
  checkOverrides(path, names, options.columnTypes);
  const rowCount = Number(metadata.num_rows);
  const typeOf = (field: SchemaElement): ColumnType => options.columnTypes?.[field.name] ?? defaultType(field);

  // Numeric columns are filled by row position; others go through the builder. A double
  // column decoded as one whole, null-free chunk is adopted as it is rather than copied.
  const numericNames = new Set(fields.filter((f) => typeOf(f) === 'numeric').map((f) => f.name));
  const numeric = new Map<string, Float64Array>();
  const chunks = new Map<string, { rowStart: number; data: ArrayLike<unknown> }[]>();
  const targetOf = (name: string): Float64Array => {
    let target = numeric.get(name);
    if (!target) {
      target = new Float64Array(rowCount).fill(Number.NaN);
      numeric.set(name, target);
    }
    return target;
  };
  try {
    await parquetRead({
      file,
      metadata,
      utf8: true,
      onChunk: ({ columnName, columnData, rowStart }) => {
        if (!numericNames.has(columnName)) {
          const list = chunks.get(columnName) ?? [];
          list.push({ rowStart, data: columnData });
          chunks.set(columnName, list);
        } else if (
          rowStart === 0 &&
          !numeric.has(columnName) &&
          columnData instanceof Float64Array &&
          columnData.length === rowCount &&
          columnData.byteLength === columnData.buffer.byteLength
        ) {
          numeric.set(columnName, columnData);
        } else {
          copyNumbers(path, columnName, columnData, rowStart, targetOf(columnName));
        }
      },
    });
  } catch (error) {
    throw parquetError(path, error);
  }
  const columns: Column[] = fields.map((field) => {
    if (numericNames.has(field.name)) return { name: field.name, type: 'numeric', values: targetOf(field.name) };
    const builder = new ColumnBuilder(field.name, 'categorical', path);
    const parts = (chunks.get(field.name) ?? []).sort((a, b) => a.rowStart - b.rowStart);
    for (const part of parts) {
      for (let i = 0; i < part.data.length; i++) {
        const v = part.data[i];
        if (v === null || v === undefined) builder.pushMissing();
        else builder.pushText(textOf(v), part.rowStart + i + 1);
      }
    }
    return builder.build();
  });
  const fileDigest = await digest;
  return fileDigest ? { rowCount, columns, fileDigest, source: path } : { rowCount, columns, source: path };
}

function defaultType(field: SchemaElement): ColumnType {
  switch (field.type) {
    case 'DOUBLE':
    case 'FLOAT':
    case 'INT32':
    case 'INT64':
      return field.converted_type === 'DATE' ||
        field.converted_type?.startsWith('TIME') ||
        field.logical_type?.type === 'DATE' ||
        field.logical_type?.type === 'TIMESTAMP'
        ? 'categorical'
        : 'numeric';
    default:
      return 'categorical';
  }
}

function copyNumbers(path: string, column: string, data: ArrayLike<unknown>, rowStart: number, target: Float64Array): void {
  if (data instanceof Float64Array || data instanceof Float32Array || data instanceof Int32Array) {
    target.set(data, rowStart);
    return;
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v === null || v === undefined) continue; // stays NaN: missing
    if (typeof v === 'number') target[rowStart + i] = v;
    else if (typeof v === 'bigint') target[rowStart + i] = Number(v);
    else if (typeof v === 'boolean') target[rowStart + i] = v ? 1 : 0;
    else {
      const n = typeof v === 'string' ? Number(v) : Number.NaN;
      if (Number.isNaN(n)) {
        throw new DriftInputError(
          `${path}: column "${column}" is set to numeric, but row ${rowStart + i + 1} holds ${JSON.stringify(textOf(v))}.`,
          {
            file: path,
            column,
            row: rowStart + i + 1,
          },
        );
      }
      target[rowStart + i] = n;
    }
  }
}

function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v);
}

function digestFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })
      .on('data', (piece) => hash.update(piece))
      .on('error', reject)
      .on('end', () => resolve(`sha256:${hash.digest('hex')}`));
  });
}

function parquetError(path: string, error: unknown): Error {
  if (error instanceof DriftInputError) return error;
  const e = error as { code?: string; message?: string };
  if (e.code === 'ENOENT') return new DriftInputError(`${path}: no such file.`, { file: path });
  if (e.code === 'EISDIR') return new DriftInputError(`${path} is a directory, not a Parquet file.`, { file: path });
  return new DriftInputError(`${path}: not a readable Parquet file — ${e.message ?? String(error)}`, { file: path });
}
