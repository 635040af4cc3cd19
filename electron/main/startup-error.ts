import { isQuorumError } from '../core/errors';

export interface StartupContext {
  /** The Electron-ABI better-sqlite3 build passed to the core, if any. */
  readonly nativeBinding: string | null;
  readonly isPackaged: boolean;
}

/**
 * The sentence shown in the error box when the workspace cannot be opened. The core's own
 * errors already say what to do; the one failure that needs the desktop app's context is a
 * better-sqlite3 binary built for Node instead of Electron.
 */
export function explainStartupError(error: unknown, context: StartupContext): string {
  if (isQuorumError(error)) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  if (
    /NODE_MODULE_VERSION|was compiled against a different Node\.js version|not a valid Win32 application|invalid ELF header/i.test(message)
  ) {
    if (context.isPackaged) {
      return `Quorum's database driver does not match this build of the app (${firstLine(message)}). Reinstall Quorum.`;
    }
    return context.nativeBinding === null
      ? `The better-sqlite3 in node_modules is built for Node, not for Electron. Run \`npm run build:native\` once (it needs network access), then start the app again. Tests, the CLI and browser mode keep using the Node build.`
      : `The Electron build of better-sqlite3 at ${context.nativeBinding} does not match this Electron (${firstLine(message)}). Run \`npm run build:native\` again.`;
  }
  return `Quorum could not start: ${firstLine(message)}`;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}
