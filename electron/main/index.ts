import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../core/create-core';
import { acquireInstanceLock, type InstanceLock } from '../core/workspace/instance-lock';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, APP_URL, createAppProtocolHandler } from './app-protocol';
import { registerIpc } from './ipc';
import { parseLaunchArgs, planWorkspace, type WorkspacePlan } from './launch';
import { logLine } from './log';
import { ElectronPdfPrinter } from './electron-pdf-printer';
import { showOsNotifications } from './os-notifications';
import { appPaths, type AppPaths } from './paths';
import { SafeStorageSecretStore } from './safe-storage-secrets';
import { denyAllPermissions, guardWebContents } from './security';
import { explainStartupError } from './startup-error';
import { appOriginOf, isAppUrl, type AppOrigin } from './url-policy';
import { createMainWindow } from './window';

/*
 * The desktop app's composition root: lifecycle, one window, and the IPC transport to the
 * same core that browser mode and the CLI use. Decisions live in the pure modules beside
 * this file; what is left here only wires them to Electron.
 *
 * Everything before app.whenReady() runs synchronously while the ESM entry evaluates:
 * privileged schemes, the sandbox switch, userData and the single-instance lock must all be
 * settled before Electron emits `ready` (see Electron's "ES Modules" caveats).
 */

const mainDir = dirname(fileURLToPath(import.meta.url));

function main(): void {
  const parsed = parseLaunchArgs(process.argv.slice(1), process.cwd());
  if (!parsed.ok) {
    process.stderr.write(`quorum: ${parsed.message}\n`);
    app.exit(2);
    return;
  }
  const plan = planWorkspace(parsed.args, process.env, app.getPath('userData'));
  try {
    prepareProfile(plan);
  } catch (error) {
    dialog.showErrorBox('Quorum cannot use this data directory', `${plan.dataDir}: ${(error as Error).message}`);
    app.exit(1);
    return;
  }
  app.enableSandbox();
  // Windows shows toasts only for an app whose AppUserModelID matches its Start Menu shortcut:
  // electron-builder's installer uses the appId; an unpackaged run is identified by its executable.
  if (process.platform === 'win32') app.setAppUserModelId(app.isPackaged ? 'io.quorum.desktop' : process.execPath);
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

  // A second launch on the same workspace hands over to the first, which focuses its window.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const paths = appPaths({ mainDir, isPackaged: app.isPackaged, resourcesPath: process.resourcesPath });
  // electron-vite sets this for `electron-vite dev`; a packaged app never takes its page from the environment.
  const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const appUrl = devServerUrl ?? APP_URL;
  const appOrigin = appOriginOf(appUrl);

  let mainWindow: BrowserWindow | null = null;
  let shutdown: (() => void) | null = null;

  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, { app: appOrigin, openExternal, log: logLine });
  });
  app.on('second-instance', () => focus(mainWindow));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => shutdown?.());
  // `npm start` forwards Ctrl-C and SIGTERM: quit through Electron so the workspace closes cleanly.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  app
    .whenReady()
    .then(() => {
      denyAllPermissions(session.defaultSession);
      const workspace = openWorkspace(plan, paths);
      if (workspace === null) return;
      if (devServerUrl === undefined) {
        protocol.handle(APP_SCHEME, createAppProtocolHandler({ rendererDir: paths.rendererDir, readFile: (path) => readFile(path) }));
      }
      const disposeIpc = registerIpc(ipcMain, workspace.core, (url) => isAppUrl(url, appOrigin), {
        windows: () => BrowserWindow.getAllWindows().map((window) => window.webContents),
        onForbidden: (url) => logLine(`refused a core call from ${url === null ? 'a destroyed frame' : 'a frame that is not the app'}`),
      });
      const openWindow = () => (mainWindow = openMainWindow(paths, appUrl, appOrigin));
      const disposeNotifications = showOsNotifications({
        events: workspace.core.events,
        window: () => mainWindow,
        openWindow,
        appOrigin,
        log: logLine,
      });
      let closed = false;
      shutdown = () => {
        if (closed) return;
        closed = true;
        disposeNotifications();
        disposeIpc();
        workspace.core.close();
        workspace.lock.release();
      };

      openWindow();
      app.on('activate', () => {
        // macOS keeps the app running without windows; the dock icon brings one back.
        if (BrowserWindow.getAllWindows().length === 0) openWindow();
      });
    })
    .catch((error: unknown) => {
      logLine(`startup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      dialog.showErrorBox('Quorum could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}

/**
 * The data directory is this launch's userData, so the single-instance lock and window state
 * are per workspace; Chromium's caches go to a subfolder so the workspace folder stays legible.
 */
function prepareProfile(plan: WorkspacePlan): void {
  mkdirSync(plan.userData, { recursive: true, mode: 0o700 });
  if (plan.userData !== app.getPath('userData')) app.setPath('userData', plan.userData);
  const sessionData = join(plan.userData, 'chromium');
  mkdirSync(sessionData, { recursive: true, mode: 0o700 });
  app.setPath('sessionData', sessionData);
}

/** Takes the workspace lock (so `quorum serve` cannot share it) and opens the core; on failure explains and exits. */
function openWorkspace(plan: WorkspacePlan, paths: AppPaths): { core: Core; lock: InstanceLock } | null {
  const nativeBinding =
    paths.nativeBindingCandidate !== null && existsSync(paths.nativeBindingCandidate) ? paths.nativeBindingCandidate : null;
  let lock: InstanceLock | null = null;
  try {
    lock = acquireInstanceLock(plan.dataDir, 'Quorum desktop app');
    const core = createCore({
      dataDir: plan.dataDir,
      workspaceKind: plan.workspaceKind,
      nativeBinding: nativeBinding ?? undefined,
      resourcesDir: paths.resourcesDir,
      // Tokens and private keys are encrypted with a key the OS keychain holds.
      secrets: new SafeStorageSecretStore(safeStorage, plan.dataDir),
      // Reports print through Electron's own printToPDF rather than a second Chromium.
      pdfPrinter: () => new ElectronPdfPrinter(),
    });
    core.startBackgroundWork();
    return { core, lock };
  } catch (error) {
    lock?.release();
    const message = explainStartupError(error, { nativeBinding, isPackaged: app.isPackaged });
    logLine(message);
    dialog.showErrorBox('Quorum cannot open this workspace', message);
    app.exit(1);
    return null;
  }
}

function openMainWindow(paths: AppPaths, appUrl: string, appOrigin: AppOrigin): BrowserWindow {
  logLine(`opening ${appOrigin.protocol}//${appOrigin.host}`);
  return createMainWindow({ preload: paths.preload, url: appUrl, stateDir: app.getPath('userData'), log: logLine });
}

function openExternal(url: string): void {
  shell.openExternal(url).catch((error: unknown) => {
    logLine(`could not open ${new URL(url).host} in the browser: ${error instanceof Error ? error.message : String(error)}`);
  });
}

function focus(window: BrowserWindow | null): void {
  if (window === null || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

main();
