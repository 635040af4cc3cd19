import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Remembering where the window was. The pure part decides where to put it given the saved
 * state and today's displays: monitors get unplugged and resolutions change, and a window
 * restored off-screen looks like an app that failed to start.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 720, height: 480 } as const;
/** A saved window whose overlap with every display is smaller than this is treated as lost. */
const MIN_VISIBLE = { width: 160, height: 80 } as const;
/** Far beyond any real desktop; larger numbers come from a corrupt file. */
const MAX_COORDINATE = 100_000;

/** The saved state, or null when the value is not one this module wrote. */
export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { bounds, maximized } = raw as { bounds?: unknown; maximized?: unknown };
  if (typeof maximized !== 'boolean' || typeof bounds !== 'object' || bounds === null) return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  const coords = [x, y, width, height];
  if (!coords.every((n) => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= MAX_COORDINATE)) return null;
  const rect = {
    x: Math.round(x as number),
    y: Math.round(y as number),
    width: Math.round(width as number),
    height: Math.round(height as number),
  };
  if (rect.width <= 0 || rect.height <= 0) return null;
  return { bounds: rect, maximized };
}

/**
 * Where to open the window. `workAreas` are the displays' usable areas (without task bars),
 * the primary display first. The result always lies wholly on one display and is at least
 * MIN_SIZE unless the display itself is smaller.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  if (primary === undefined) {
    // No display information (headless test runs): let the window manager place it.
    return { bounds: { x: 0, y: 0, ...(saved ? sizeOf(saved.bounds) : DEFAULT_SIZE) }, maximized: saved?.maximized ?? false };
  }
  if (saved === null) return { bounds: centreOn(primary, DEFAULT_SIZE), maximized: false };

  const best = largestOverlap(saved.bounds, workAreas);
  if (best === null) return { bounds: centreOn(primary, sizeOf(saved.bounds)), maximized: saved.maximized };
  const size = fitSize(sizeOf(saved.bounds), best);
  return {
    bounds: {
      x: clamp(saved.bounds.x, best.x, best.x + best.width - size.width),
      y: clamp(saved.bounds.y, best.y, best.y + best.height - size.height),
      ...size,
    },
    maximized: saved.maximized,
  };
}

export function readWindowState(path: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(readFileSync(path, 'utf8')) as unknown);
  } catch {
    // Missing or unreadable state only means the window opens at its default place.
    return null;
  }
}

/** Writes through a temp file and a rename so a crash mid-write cannot leave a broken file. */
export function writeWindowState(path: string, state: WindowState): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(state)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function sizeOf(rect: Rect): { width: number; height: number } {
  return { width: rect.width, height: rect.height };
}

function fitSize(size: { width: number; height: number }, area: Rect): { width: number; height: number } {
  return {
    width: Math.min(Math.max(size.width, MIN_SIZE.width), area.width),
    height: Math.min(Math.max(size.height, MIN_SIZE.height), area.height),
  };
}

function centreOn(area: Rect, size: { width: number; height: number }): Rect {
  const fitted = fitSize(size, area);
  return {
    x: area.x + Math.floor((area.width - fitted.width) / 2),
    y: area.y + Math.floor((area.height - fitted.height) / 2),
    ...fitted,
  };
}

function largestOverlap(rect: Rect, areas: readonly Rect[]): Rect | null {
  let best: Rect | null = null;
  let bestArea = 0;
  for (const area of areas) {
    const width = Math.min(rect.x + rect.width, area.x + area.width) - Math.max(rect.x, area.x);
    const height = Math.min(rect.y + rect.height, area.y + area.height) - Math.max(rect.y, area.y);
    if (width < Math.min(MIN_VISIBLE.width, rect.width) || height < Math.min(MIN_VISIBLE.height, rect.height)) continue;
    if (width * height > bestArea) {
      best = area;
      bestArea = width * height;
    }
  }
  return best;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}
