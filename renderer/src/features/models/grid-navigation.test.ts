import { describe, expect, it } from 'vitest';
import { nextRowIndex } from './grid-navigation';

describe('nextRowIndex', () => {
  it('moves and stops at the ends', () => {
    expect(nextRowIndex('ArrowDown', 0, 3, 10)).toBe(1);
    expect(nextRowIndex('ArrowDown', 2, 3, 10)).toBe(2);
    expect(nextRowIndex('ArrowUp', 0, 3, 10)).toBe(0);
    expect(nextRowIndex('PageDown', 5, 100, 10)).toBe(15);
    expect(nextRowIndex('PageUp', 5, 100, 10)).toBe(0);
    expect(nextRowIndex('End', 5, 100, 10)).toBe(99);
    expect(nextRowIndex('Home', 5, 100, 10)).toBe(0);
  });

  it('ignores other keys and empty tables', () => {
    expect(nextRowIndex('a', 0, 3, 10)).toBeNull();
    expect(nextRowIndex('ArrowDown', 0, 0, 10)).toBeNull();
  });
});
