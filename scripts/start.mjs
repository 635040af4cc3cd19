#!/usr/bin/env node
// `npm start`: the desktop app on the demo workspace when an Electron runtime is available,
// browser mode (`quorum serve --demo`) otherwise, saying in one line why. Extra arguments
// (`npm start -- --data-dir DIR`) are passed to whichever starts. Plain Node, no build step.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const extraArgs = process.argv.slice(2);
/** An Electron that dies this soon with an error never showed a window (no display, missing libraries…). */
const EARLY_EXIT_MS = 3_000;
/** A second copy of a signal this soon is the same Ctrl-C delivered twice (by the terminal and by npm). */
const REPEAT_SIGNAL_MS = 1_000;
// In its own process group on POSIX, the child gets each signal once, from us; on Windows the
// console delivers Ctrl-C to every process itself, and a detached child would get its own window.
const DETACH = process.platform !== 'win32';

/** The Electron binary, or why there is none. The electron package's index.js throws when it was never downloaded. */
function locateElectron() {
  let path;
  try {
    path = require('electron');
  } catch (error) {
    if (error?.code === 'MODULE_NOT_FOUND') return { reason: 'the electron package is not installed' };
    if (/failed to install correctly/i.test(String(error?.message))) return { reason: 'binary not downloaded' };
    return { reason: firstLine(String(error?.message ?? error)) };
  }
  if (typeof path !== 'string' || !existsSync(path)) return { reason: `binary missing at ${String(path)}` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display: DISPLAY and WAYLAND_DISPLAY are unset' };
  }
  return { path };
}

function startDesktop(electronPath) {
  const env = { ...process.env };
  // Set by some tools; it would make Electron behave as plain Node and ignore the app.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electronPath, [root, '--demo', ...extraArgs], {
    cwd: root,
    env,
    stdio: ['inherit', 'inherit', 'pipe'],
    detached: DETACH,
  });
  const stopForwarding = forwardSignals(child);

  // Hold Electron's stderr back for the first seconds: if it fails that early, its complaint
  // becomes the reason in our one line instead of a screenful of Chromium logging.
  let early = true;
  let held = [];
  child.stderr.on('data', (chunk) => (early ? held.push(chunk) : process.stderr.write(chunk)));
  const release = () => {
    early = false;
    for (const chunk of held) process.stderr.write(chunk);
    held = [];
  };
  const timer = setTimeout(release, EARLY_EXIT_MS);

  let settled = false;
  const fallBack = (reason) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    stopForwarding();
    startBrowserMode(reason);
  };
  child.on('error', (error) => fallBack(`could not run ${electronPath}: ${error.code ?? error.message}`));
  child.on('exit', (code, signal) => {
    if (settled) return;
    if (early && (signal !== null || code !== 0)) {
      const complaint = startupComplaint(Buffer.concat(held).toString('utf8'));
      fallBack(`Electron exited at startup with ${signal ?? `code ${code}`}${complaint ? `: ${complaint}` : ''}`);
      return;
    }
    // Exit 0 within the first seconds is normal too: a second launch hands over to the running app.
    settled = true;
    clearTimeout(timer);
    release();
    exitLike(code, signal);
  });
}

function startBrowserMode(reason, what = 'Electron runtime not available') {
  process.stderr.write(`${what} (${reason}); starting browser mode instead.\n`);
  const child = spawn(process.execPath, [join(root, 'bin', 'quorum.mjs'), 'serve', '--demo', ...extraArgs], {
    cwd: root,
    stdio: 'inherit',
    detached: DETACH,
  });
  forwardSignals(child);
  child.on('error', (error) => {
    process.stderr.write(`Could not start browser mode: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', exitLike);
}

/** Passes SIGINT/SIGTERM/SIGHUP to the child once each; returns a function that stops forwarding. */
function forwardSignals(child) {
  const lastSent = new Map();
  const handlers = ['SIGINT', 'SIGTERM', 'SIGHUP'].map((signal) => {
    const handler = () => {
      if (!DETACH && signal === 'SIGINT') return; // Windows: the console already told the child.
      const now = Date.now();
      if (now - (lastSent.get(signal) ?? 0) < REPEAT_SIGNAL_MS) return;
      lastSent.set(signal, now);
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    process.on(signal, handler);
    return [signal, handler];
  });
  // If this script dies first, do not leave a detached child running on its own.
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.on('exit', onExit);
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    process.off('exit', onExit);
  };
}

function exitLike(code, signal) {
  process.exit(code ?? (signal ? 128 + (constants.signals[signal] ?? 1) : 1));
}

function firstLine(text) {
  return text.split('\n', 1)[0].trim();
}

/**
 * What Electron complained about: the first Chromium ERROR/FATAL line (usually the cause, e.g.
 * "Missing X server or $DISPLAY"), else its last line; without the "[pid:tid/time:LEVEL:file]" prefix.
 */
function startupComplaint(text) {
  const raw = text.split('\n').filter((line) => line.trim() !== '');
  const chosen = raw.find((line) => /^\[[^\]]*:(ERROR|FATAL):/.test(line)) ?? raw.at(-1) ?? '';
  const line = chosen.replace(/^\[[^\]]*\]\s*/, '').trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/**
 * The desktop app needs better-sqlite3 built for Electron (node_modules keeps the Node build).
 * The build script is a no-op when its output is current; when it cannot build (offline, no
 * compiler) there is no point starting a window that can only show an error.
 */
function ensureElectronNativeBuild() {
  const script = join(root, 'scripts', 'build-electron-native.mjs');
  const result = spawnSync(process.execPath, [script, '--quiet'], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
  if (result.status === 0) return null;
  const said = result.stderr?.toString('utf8') ?? '';
  const offline = /cannot be reached/.test(said);
  return `better-sqlite3 has no Electron build${offline ? ' and building one needs network access' : ''}; \`npm run build:native\` says why`;
}

const electron = locateElectron();
if (!electron.path) startBrowserMode(electron.reason);
else {
  const nativeProblem = ensureElectronNativeBuild();
  if (nativeProblem) startBrowserMode(nativeProblem, 'Desktop app not available');
  else startDesktop(electron.path);
}
