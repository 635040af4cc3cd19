import { isAbsolute, resolve } from 'node:path';
import { defaultDemoDataDir } from '../core/workspace/data-dir';

/**
 * How this launch of the desktop app was asked to run, from its command line. Pure, so the
 * rules are tested without Electron. Unknown arguments are ignored on purpose: Electron,
 * Chromium and test drivers add their own switches (--no-sandbox, --inspect, the app path…).
 */
export interface LaunchArgs {
  /** --data-dir DIR or --data-dir=DIR, resolved against the working directory. */
  readonly dataDir: string | null;
  /** --demo: open the bundled demo workspace. */
  readonly demo: boolean;
}

export type LaunchArgsResult = { ok: true; args: LaunchArgs } | { ok: false; message: string };

export function parseLaunchArgs(argv: readonly string[], cwd: string): LaunchArgsResult {
  let dataDir: string | null = null;
  let demo = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--demo') {
      demo = true;
    } else if (arg === '--data-dir' || arg.startsWith('--data-dir=')) {
      const value = arg === '--data-dir' ? argv[++index] : arg.slice('--data-dir='.length);
      if (value === undefined || value === '' || (arg === '--data-dir' && value.startsWith('--'))) {
        return { ok: false, message: '--data-dir needs a directory, e.g. --data-dir ~/quorum-workspace.' };
      }
      dataDir = isAbsolute(value) ? value : resolve(cwd, value);
    }
  }
  return { ok: true, args: { dataDir, demo } };
}

export interface WorkspacePlan {
  /** Where the workspace database lives. */
  readonly dataDir: string;
  readonly workspaceKind: 'user' | 'demo';
  /**
   * Electron's userData for this launch: the data directory itself. Electron keys its
   * single-instance lock on userData, so "one app per workspace" falls out of it: a second
   * launch on the same workspace focuses the first window, while the demo can run beside it.
   */
  readonly userData: string;
}

/**
 * Which workspace to open. Precedence matches the CLI: --data-dir, then QUORUM_DATA_DIR, then
 * Electron's userData (the same folder the CLI uses by default). --demo without --data-dir
 * uses the demo's own folder under that, exactly as `quorum serve --demo` does.
 */
export function planWorkspace(args: LaunchArgs, env: NodeJS.ProcessEnv, electronUserData: string): WorkspacePlan {
  const base = env.QUORUM_DATA_DIR ? resolve(env.QUORUM_DATA_DIR) : electronUserData;
  const dataDir = args.dataDir ?? (args.demo ? defaultDemoDataDir({ QUORUM_DATA_DIR: base }) : base);
  return { dataDir, workspaceKind: args.demo ? 'demo' : 'user', userData: dataDir };
}
