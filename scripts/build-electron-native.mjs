#!/usr/bin/env node
// Builds better-sqlite3 for the installed Electron's ABI, for the desktop app in development:
//   node scripts/build-electron-native.mjs [--force] [--quiet]
// Tests, the CLI and browser mode load the Node-ABI build in node_modules; Electron cannot.
// Rather than rebuilding node_modules in place (which would break them), this rebuilds a copy
// in a temp folder and keeps only the binary, at .native/electron/better_sqlite3.node (gitignored),
// which the main process passes to better-sqlite3 as `nativeBinding`. Packaged apps do not use it:
// electron-builder rebuilds the module for Electron itself (npmRebuild: true).
// Needs network access: Electron's headers (or a prebuilt binary) are downloaded.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const outDir = join(root, '.native', 'electron');
const outFile = join(outDir, 'better_sqlite3.node');
const stampFile = join(outDir, 'better_sqlite3.json');
const force = process.argv.includes('--force');
/** `npm start` runs this on every start: stay silent when there is nothing to do. */
const quiet = process.argv.includes('--quiet');

/** Where @electron/rebuild (node-gyp) downloads Electron's headers from by default. */
const HEADERS_URL = 'https://www.electronjs.org/headers';

class BuildFailure extends Error {}

function fail(message) {
  throw new BuildFailure(message);
}

function versionOf(packageName) {
  try {
    return JSON.parse(readFileSync(require.resolve(`${packageName}/package.json`), 'utf8')).version;
  } catch {
    return null;
  }
}

/**
 * Whether Electron's header server answers. node-gyp reports a download failure only as
 * "failed to rebuild", so after a failure this tells "offline" apart from "no compiler".
 */
async function headersReachable(electronVersion) {
  try {
    const response = await fetch(`${HEADERS_URL}/v${electronVersion}/SHASUMS256.txt`, {
      method: 'HEAD',
      signal: AbortSignal.timeout(10_000),
    });
    return response.status < 500;
  } catch {
    return false;
  }
}

try {
  await main();
} catch (error) {
  if (!(error instanceof BuildFailure)) throw error;
  process.stderr.write(`build-electron-native: ${error.message}\n`);
  process.exitCode = 1;
}

async function main() {
  const electronVersion = versionOf('electron');
  const sqliteVersion = versionOf('better-sqlite3');
  if (!electronVersion) fail('the electron package is not installed; run `npm install` first.');
  if (!sqliteVersion) fail('better-sqlite3 is not installed; run `npm install` first.');

  const wanted = { electron: electronVersion, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch };
  if (!force && existsSync(outFile) && existsSync(stampFile)) {
    try {
      const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
      if (Object.entries(wanted).every(([key, value]) => stamp[key] === value)) {
        if (!quiet) {
          process.stdout.write(
            `better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} is up to date (${relative(root, outFile)}); --force rebuilds it.\n`,
          );
        }
        return;
      }
    } catch {
      // An unreadable stamp means "rebuild".
    }
  }

  const sourceDir = dirname(require.resolve('better-sqlite3/package.json'));
  const nodeBinary = join(sourceDir, 'build', 'Release', 'better_sqlite3.node');
  const before = existsSync(nodeBinary) ? statSync(nodeBinary) : null;

  // Inside the project (not the OS temp dir) on purpose: @electron/rebuild looks for better-sqlite3's
  // `prebuild-install` by walking up from the module, and finds the project's copy from here, so a
  // prebuilt Electron binary is used when one exists and a compiler is only needed otherwise.
  mkdirSync(join(root, '.native'), { recursive: true });
  const work = mkdtempSync(join(root, '.native', 'rebuild-'));
  try {
    const moduleDir = join(work, 'node_modules', 'better-sqlite3');
    // Everything but the Node-ABI build output, which the rebuild replaces anyway.
    cpSync(sourceDir, moduleDir, { recursive: true, filter: (path) => relative(sourceDir, path) !== 'build' });
    writeFileSync(
      join(work, 'package.json'),
      JSON.stringify({ name: 'quorum-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }),
    );

    process.stdout.write(
      `Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${process.platform}-${process.arch})...\n`,
    );
    const { rebuild } = await import('@electron/rebuild');
    try {
      await rebuild({
        buildPath: work,
        projectRootPath: work,
        electronVersion,
        onlyModules: ['better-sqlite3'],
        force: true,
        mode: 'sequential',
      });
    } catch (error) {
      const why = String(error?.message ?? error).split('\n', 1)[0];
      if (!(await headersReachable(electronVersion))) {
        fail(
          `cannot build better-sqlite3 for Electron ${electronVersion}: this downloads Electron's headers (or a prebuilt binary) from ${HEADERS_URL}, which cannot be reached from here (offline?). ` +
            'Run it again on a machine with network access. Tests, the CLI and browser mode do not need it.',
        );
      }
      fail(
        `rebuilding better-sqlite3 for Electron ${electronVersion} failed: ${why}. A C++ toolchain (python3, make, g++ or MSVC) is needed when no prebuilt binary exists.`,
      );
    }

    const built = join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(built)) fail(`the rebuild finished but produced no ${relative(work, built)}.`);
    mkdirSync(outDir, { recursive: true });
    // Copy then rename, so a running app never loads a half-copied binary.
    const staging = `${outFile}.${process.pid}.tmp`;
    cpSync(built, staging);
    renameSync(staging, outFile);
    writeFileSync(stampFile, `${JSON.stringify({ ...wanted, builtAt: new Date().toISOString() }, null, 2)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  // The whole point is that node_modules keeps its Node build; say so loudly if that ever breaks.
  const after = existsSync(nodeBinary) ? statSync(nodeBinary) : null;
  if (before?.mtimeMs !== after?.mtimeMs || before?.size !== after?.size) {
    fail(`${relative(root, nodeBinary)} changed during the build; reinstall it with \`npm rebuild better-sqlite3\`.`);
  }
  process.stdout.write(
    `Wrote ${relative(root, outFile)}; \`npm start\` and \`electron-vite dev\` use it, node_modules keeps its Node build.\n`,
  );
}
