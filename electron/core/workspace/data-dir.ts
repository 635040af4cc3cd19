import { homedir, platform } from 'node:os';
import { join } from 'node:path';

/**
 * Where the workspace lives when no --data-dir is given: Electron's userData folder for an
 * app named Quorum, so the CLI and the desktop app share one workspace by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.QUORUM_DATA_DIR) return env.QUORUM_DATA_DIR;
  switch (platform()) {
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'Quorum');
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Quorum');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Quorum');
  }
}

/** The demo workspace has a database of its own, so demo data never mixes with real work. */
export function defaultDemoDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultDataDir(env), 'demo-workspace');
}
