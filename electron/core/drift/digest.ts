import { createHash } from 'node:crypto';
import type { Table } from './types';

/**
 * "sha256:…" of a table's typed data: per column its name, type and raw bytes (and the
 * dictionary for categorical columns), so the same data gives the same digest whether it
 * came from CSV, Parquet or memory. Tables read from a file carry the file's digest instead.
 */
export function typedDataDigest(table: Table): string {
  const hash = createHash('sha256');
  hash.update(`quorum-drift-table\0${table.rowCount}\0`);
  for (const column of table.columns) {
    hash.update(`${column.name}\0${column.type}\0`);
    if (column.type === 'numeric') {
      hash.update(new Uint8Array(column.values.buffer, column.values.byteOffset, column.values.byteLength));
    } else {
      hash.update(new Uint8Array(column.codes.buffer, column.codes.byteOffset, column.codes.byteLength));
      hash.update(JSON.stringify(column.dictionary));
    }
  }
  return `sha256:${hash.digest('hex')}`;
}

export function tableDigest(table: Table): { digest: string; of: 'file' | 'typed-data' } {
  return table.fileDigest ? { digest: table.fileDigest, of: 'file' } : { digest: typedDataDigest(table), of: 'typed-data' };
}
