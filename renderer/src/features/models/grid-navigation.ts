/** Where a key press moves the focused row of the models table, or null for keys it ignores. */
export function nextRowIndex(key: string, current: number, rowCount: number, pageSize: number): number | null {
  if (rowCount === 0) return null;
  const last = rowCount - 1;
  switch (key) {
    case 'ArrowDown':
      return Math.min(current + 1, last);
    case 'ArrowUp':
      return Math.max(current - 1, 0);
    case 'PageDown':
      return Math.min(current + pageSize, last);
    case 'PageUp':
      return Math.max(current - pageSize, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
