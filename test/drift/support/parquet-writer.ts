import { openSync, writeSync, closeSync } from 'node:fs';

/**
 * A minimal Parquet writer for tests and the benchmark: one row group, one PLAIN,
 * uncompressed v1 data page per column, Thrift compact metadata. Debian's Python has no
 * Parquet writer (no pyarrow/fastparquet packages), and committing binary fixtures would
 * hide how they were made; hyparquet, an independent reader, decoding these files is
 * itself a check of this writer.
 */

export type ParquetColumn =
  | { name: string; type: 'DOUBLE'; values: ArrayLike<number | null>; optional?: boolean }
  | { name: string; type: 'INT64'; values: ArrayLike<number | null>; optional?: boolean }
  | { name: string; type: 'UTF8'; values: ArrayLike<string | null>; optional?: boolean }
  | { name: string; type: 'BOOLEAN'; values: ArrayLike<boolean | null>; optional?: boolean };

const PHYSICAL = { BOOLEAN: 0, INT64: 2, DOUBLE: 5, UTF8: 6 } as const;

class Bytes {
  private buf = Buffer.alloc(1024);
  length = 0;
  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = Buffer.alloc(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.length++] = b & 0xff;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  u32le(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.length);
    this.length += 4;
  }
  f64le(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.length);
    this.length += 8;
  }
  i64le(v: number): void {
    this.ensure(8);
    this.buf.writeBigInt64LE(BigInt(v), this.length);
    this.length += 8;
  }
  varint(v: bigint): void {
    let x = v;
    while (x >= 0x80n) {
      this.byte(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.byte(Number(x));
  }
  done(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/** Thrift compact protocol, just the parts Parquet metadata needs. */
class Thrift {
  readonly out = new Bytes();
  private last: number[] = [0];
  private header(id: number, type: number): void {
    const delta = id - (this.last.at(-1) ?? 0);
    if (delta > 0 && delta <= 15) this.out.byte((delta << 4) | type);
    else {
      this.out.byte(type);
      this.out.varint(zigzag(BigInt(id)));
    }
    this.last[this.last.length - 1] = id;
  }
  i32(id: number, v: number): void {
    this.header(id, 5);
    this.out.varint(zigzag(BigInt(v)));
  }
  i64(id: number, v: number): void {
    this.header(id, 6);
    this.out.varint(zigzag(BigInt(v)));
  }
  string(id: number, v: string): void {
    this.header(id, 8);
    const b = Buffer.from(v, 'utf8');
    this.out.varint(BigInt(b.length));
    this.out.bytes(b);
  }
  struct(id: number, body: () => void): void {
    this.header(id, 12);
    this.inStruct(body);
  }
  inStruct(body: () => void): void {
    this.last.push(0);
    body();
    this.out.byte(0);
    this.last.pop();
  }
  list(id: number, elementType: number, size: number): void {
    this.header(id, 9);
    if (size < 15) this.out.byte((size << 4) | elementType);
    else {
      this.out.byte(0xf0 | elementType);
      this.out.varint(BigInt(size));
    }
  }
  listI32(id: number, values: number[]): void {
    this.list(id, 5, values.length);
    for (const v of values) this.out.varint(zigzag(BigInt(v)));
  }
  listString(id: number, values: string[]): void {
    this.list(id, 8, values.length);
    for (const v of values) {
      const b = Buffer.from(v, 'utf8');
      this.out.varint(BigInt(b.length));
      this.out.bytes(b);
    }
  }
}

function zigzag(v: bigint): bigint {
  return v >= 0n ? v << 1n : (-v << 1n) - 1n;
}

function encodePage(column: ParquetColumn): Buffer {
  const page = new Bytes();
  const n = column.values.length;
  if (column.optional) {
    // Definition levels: one bit-packed run (bit width 1), length-prefixed as in v1 pages.
    const groups = Math.ceil(n / 8);
    const levels = new Bytes();
    levels.varint(BigInt((groups << 1) | 1));
    for (let g = 0; g < groups; g++) {
      let b = 0;
      for (let k = 0; k < 8; k++) {
        const i = g * 8 + k;
        if (i < n && column.values[i] !== null) b |= 1 << k;
      }
      levels.byte(b);
    }
    const encoded = levels.done();
    page.u32le(encoded.length);
    page.bytes(encoded);
  }
  if (column.type === 'BOOLEAN') {
    const present = Array.from(column.values).filter((v): v is boolean => v !== null);
    for (let g = 0; g < Math.ceil(present.length / 8); g++) {
      let b = 0;
      for (let k = 0; k < 8; k++) if (present[g * 8 + k]) b |= 1 << k;
      page.byte(b);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = column.values[i];
      if (v === null || v === undefined) continue;
      if (column.type === 'DOUBLE') page.f64le(v as number);
      else if (column.type === 'INT64') page.i64le(v as number);
      else {
        const b = Buffer.from(v as string, 'utf8');
        page.u32le(b.length);
        page.bytes(b);
      }
    }
  }
  return page.done();
}

export function writeParquet(path: string, columns: ParquetColumn[]): void {
  const rows = columns[0]?.values.length ?? 0;
  const fd = openSync(path, 'w');
  let offset = 0;
  const put = (b: Uint8Array): void => {
    writeSync(fd, b);
    offset += b.length;
  };
  try {
    put(Buffer.from('PAR1'));
    const chunks: { column: ParquetColumn; offset: number; size: number }[] = [];
    for (const column of columns) {
      const data = encodePage(column);
      const header = new Thrift();
      header.i32(1, 0); // DATA_PAGE
      header.i32(2, data.length);
      header.i32(3, data.length);
      header.struct(5, () => {
        header.i32(1, rows);
        header.i32(2, 0); // PLAIN
        header.i32(3, 3); // RLE
        header.i32(4, 3); // RLE
      });
      header.out.byte(0);
      const start = offset;
      put(header.out.done());
      put(data);
      chunks.push({ column, offset: start, size: offset - start });
    }
    const meta = new Thrift();
    meta.i32(1, 1);
    meta.list(2, 12, columns.length + 1);
    meta.inStruct(() => {
      meta.string(4, 'schema');
      meta.i32(5, columns.length);
    });
    for (const column of columns) {
      meta.inStruct(() => {
        meta.i32(1, PHYSICAL[column.type]);
        meta.i32(3, column.optional ? 1 : 0);
        meta.string(4, column.name);
        if (column.type === 'UTF8') meta.i32(6, 0);
      });
    }
    meta.i64(3, rows);
    meta.list(4, 12, 1);
    meta.inStruct(() => {
      meta.list(1, 12, chunks.length);
      for (const chunk of chunks) {
        meta.inStruct(() => {
          meta.i64(2, chunk.offset);
          meta.struct(3, () => {
            meta.i32(1, PHYSICAL[chunk.column.type]);
            meta.listI32(2, [0, 3]);
            meta.listString(3, [chunk.column.name]);
            meta.i32(4, 0); // UNCOMPRESSED
            meta.i64(5, rows);
            meta.i64(6, chunk.size);
            meta.i64(7, chunk.size);
            meta.i64(9, chunk.offset);
          });
        });
      }
      meta.i64(
        2,
        chunks.reduce((s, c) => s + c.size, 0),
      );
      meta.i64(3, rows);
    });
    meta.string(6, 'quorum test writer');
    meta.out.byte(0);
    const footer = meta.out.done();
    put(footer);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(footer.length);
    put(len);
    put(Buffer.from('PAR1'));
  } finally {
    closeSync(fd);
  }
}
