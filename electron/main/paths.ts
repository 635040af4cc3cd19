import { join } from 'node:path';

/**
 * Where the desktop app finds its parts. The main bundle is out/main/index.js, in the project
 * during development and inside app.asar when packaged; the layout of out/ is the same in
 * both, so only the native driver and the resources differ.
 */
export interface AppPaths {
  readonly preload: string;
  readonly rendererDir: string;
  /** Candidate Electron-ABI better-sqlite3 build (development only; may not exist). */
  readonly nativeBindingCandidate: string | null;
  /** Resources (demo workspace…) when they are not at the core's default place. */
  readonly resourcesDir: string | undefined;
}

export interface PathInputs {
  /** The folder of the running main bundle (out/main). */
  readonly mainDir: string;
  readonly isPackaged: boolean;
  /** process.resourcesPath: electron-builder's extraResources land there. */
  readonly resourcesPath: string;
}

/** Written by scripts/build-electron-native.mjs; gitignored. */
export const ELECTRON_NATIVE_BINDING = join('.native', 'electron', 'better_sqlite3.node');

export function appPaths({ mainDir, isPackaged, resourcesPath }: PathInputs): AppPaths {
  const outDir = join(mainDir, '..');
  return {
    preload: join(outDir, 'preload', 'index.cjs'),
    rendererDir: join(outDir, 'renderer'),
    // Packaged apps get the driver electron-builder rebuilt for Electron inside node_modules.
    nativeBindingCandidate: isPackaged ? null : join(outDir, '..', ELECTRON_NATIVE_BINDING),
    // In development the core's default (<project>/resources) is right.
    resourcesDir: isPackaged ? resourcesPath : undefined,
  };
}
