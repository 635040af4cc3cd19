import { BrowserWindow, nativeTheme, screen } from 'electron';
import { join } from 'node:path';
import { MIN_SIZE, placeWindow, readWindowState, WINDOW_STATE_FILE, writeWindowState } from './window-state';

export interface MainWindowOptions {
  /** out/preload/index.cjs: CommonJS, the only kind a sandboxed preload can be. */
  readonly preload: string;
  readonly url: string;
  /** Where window-state.json is kept (userData). */
  readonly stateDir: string;
  log(message: string): void;
}

/** Show the window even if the page never paints (a broken build), so the user sees something. */
const SHOW_ANYWAY_AFTER_MS = 10_000;

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const statePath = join(options.stateDir, WINDOW_STATE_FILE);
  const primary = screen.getPrimaryDisplay();
  const workAreas = [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)].map((display) => display.workArea);
  const placed = placeWindow(readWindowState(statePath), workAreas);

  const window = new BrowserWindow({
    ...placed.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Quorum',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181d' : '#ffffff',
    webPreferences: {
      preload: options.preload,
      // The renderer is a web page with no Node: everything goes through window.quorum.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  });

  const show = () => {
    if (window.isDestroyed() || window.isVisible()) return;
    if (placed.maximized) window.maximize();
    window.show();
  };
  window.once('ready-to-show', show);
  const fallback = setTimeout(show, SHOW_ANYWAY_AFTER_MS);
  window.once('closed', () => clearTimeout(fallback));

  window.on('close', () => {
    try {
      writeWindowState(statePath, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    } catch (error) {
      options.log(`could not save the window position: ${(error as Error).message}`);
    }
  });

  window.loadURL(options.url).catch((error: unknown) => {
    options.log(`could not load ${options.url}: ${error instanceof Error ? error.message : String(error)}`);
  });
  return window;
}
