import type { Column, Table } from '../../../electron/core/drift/types';

export function numeric(name: string, values: ArrayLike<number>): Column {
  return { name, type: 'numeric', values: Float64Array.from(values) };
}

export function categorical(name: string, dictionary: readonly string[], codes: ArrayLike<number>): Column {
  return { name, type: 'categorical', dictionary: [...dictionary], codes: Int32Array.from(codes) };
}

export function table(...columns: Column[]): Table {
  const first = columns[0];
  const rowCount = !first ? 0 : first.type === 'numeric' ? first.values.length : first.codes.length;
  return { rowCount, columns };
}
