import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  MIN_SIZE,
  parseWindowState,
  placeWindow,
  readWindowState,
  writeWindowState,
  type Rect,
} from '../../electron/main/window-state';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 875 };
const rightMonitor: Rect = { x: 1440, y: 0, width: 2560, height: 1400 };
const leftMonitorAbove: Rect = { x: -1920, y: -300, width: 1920, height: 1040 };

const inside = (bounds: Rect, area: Rect) =>
  bounds.x >= area.x &&
  bounds.y >= area.y &&
  bounds.x + bounds.width <= area.x + area.width &&
  bounds.y + bounds.height <= area.y + area.height;

describe('placeWindow', () => {
  it('centres a first window on the primary display', () => {
    const placed = placeWindow(null, [laptop, rightMonitor]);
    expect(placed.maximized).toBe(false);
    expect(placed.bounds).toEqual({
      width: DEFAULT_SIZE.width,
      height: DEFAULT_SIZE.height,
      x: Math.floor((laptop.width - DEFAULT_SIZE.width) / 2),
      y: Math.floor((laptop.height - DEFAULT_SIZE.height) / 2),
    });
  });

  it('keeps a saved window that is fully visible', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1200, height: 900 }, maximized: true };
    expect(placeWindow(saved, [laptop, rightMonitor])).toEqual(saved);
  });

  it('keeps a window on a display left of and above the primary one (negative coordinates)', () => {
    const saved = { bounds: { x: -1800, y: -200, width: 1000, height: 700 }, maximized: false };
    expect(placeWindow(saved, [laptop, leftMonitorAbove])).toEqual(saved);
  });

  it('brings back a window whose monitor was unplugged, keeping its size and maximized state', () => {
    const saved = { bounds: { x: 2000, y: 200, width: 1000, height: 700 }, maximized: true };
    const placed = placeWindow(saved, [laptop]);
    expect(placed.maximized).toBe(true);
    expect(placed.bounds.width).toBe(1000);
    expect(placed.bounds.height).toBe(700);
    expect(inside(placed.bounds, laptop)).toBe(true);
  });

  it('treats a sliver of overlap as lost: the title bar must be reachable', () => {
    const saved = { bounds: { x: laptop.width - 20, y: 100, width: 1000, height: 700 }, maximized: false };
    const placed = placeWindow(saved, [laptop]);
    expect(inside(placed.bounds, laptop)).toBe(true);
  });

  it('pulls a partly off-screen window fully onto the display it mostly covers', () => {
    const saved = { bounds: { x: 1000, y: 500, width: 1000, height: 700 }, maximized: false };
    const placed = placeWindow(saved, [laptop, rightMonitor]);
    // 440 px on the laptop, 560 px on the right monitor: it belongs to the right monitor.
    expect(inside(placed.bounds, rightMonitor)).toBe(true);
    expect(placed.bounds).toEqual({ x: 1440, y: 500, width: 1000, height: 700 });
  });

  it('shrinks a window larger than its display after a resolution change', () => {
    const saved = { bounds: { x: 0, y: 0, width: 2500, height: 1600 }, maximized: false };
    const placed = placeWindow(saved, [laptop]);
    expect(placed.bounds).toEqual({ x: 0, y: 0, width: laptop.width, height: laptop.height });
  });

  it('never makes a window smaller than the minimum size unless the display is smaller', () => {
    const saved = { bounds: { x: 10, y: 10, width: 200, height: 100 }, maximized: false };
    expect(placeWindow(saved, [laptop]).bounds).toMatchObject({ width: MIN_SIZE.width, height: MIN_SIZE.height });
    const tiny: Rect = { x: 0, y: 0, width: 640, height: 400 };
    expect(placeWindow(saved, [tiny]).bounds).toEqual({ x: 0, y: 0, width: 640, height: 400 });
  });

  it('respects work areas that do not start at 0,0 (a task bar on the left or top)', () => {
    const withTaskbar: Rect = { x: 64, y: 32, width: 1376, height: 843 };
    const saved = { bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: false };
    expect(placeWindow(saved, [withTaskbar]).bounds).toEqual({ x: 64, y: 32, width: 800, height: 600 });
  });
});

describe('parseWindowState', () => {
  it('accepts what the app writes, rounding fractional pixels', () => {
    expect(parseWindowState({ bounds: { x: 10.4, y: -20.6, width: 800, height: 600 }, maximized: false })).toEqual({
      bounds: { x: 10, y: -21, width: 800, height: 600 },
      maximized: false,
    });
  });

  it.each([
    null,
    'x',
    [],
    {},
    { bounds: { x: 0, y: 0, width: 800, height: 600 } },
    { bounds: { x: 0, y: 0, width: 800 }, maximized: false },
    { bounds: { x: '0', y: 0, width: 800, height: 600 }, maximized: false },
    { bounds: { x: 0, y: 0, width: 0, height: 600 }, maximized: false },
    { bounds: { x: 0, y: 0, width: -5, height: 600 }, maximized: false },
    { bounds: { x: Number.NaN, y: 0, width: 800, height: 600 }, maximized: false },
    { bounds: { x: 1e9, y: 0, width: 800, height: 600 }, maximized: false },
    { bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: 'yes' },
  ])('rejects %j', (raw) => {
    expect(parseWindowState(raw)).toBeNull();
  });
});

describe('window state file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'quorum-window-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips through an atomic write and leaves no temp file behind', () => {
    const path = join(dir, 'window-state.json');
    const state = { bounds: { x: 5, y: 6, width: 900, height: 700 }, maximized: true };
    writeWindowState(path, state);
    expect(readWindowState(path)).toEqual(state);
    expect(readdirSync(dir)).toEqual(['window-state.json']);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('reads a missing or corrupt file as "no saved state"', () => {
    const path = join(dir, 'window-state.json');
    expect(readWindowState(path)).toBeNull();
    writeFileSync(path, '{"bounds": {');
    expect(readWindowState(path)).toBeNull();
    expect(readFileSync(path, 'utf8')).toBe('{"bounds": {');
  });
});
