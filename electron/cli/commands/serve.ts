import { resolve } from 'node:path';
import type { Command } from 'commander';
import { startBridge } from '../../bridge/server';
import { defaultRendererDir } from '../../bridge/static-files';
import { isQuorumError } from '../../core/errors';
import { ensureDataDir } from '../../core/store/open-store';
import { acquireInstanceLock } from '../../core/workspace/instance-lock';
import { defaultDemoDataDir } from '../../core/workspace/data-dir';
import { startServeReceiver } from './lineage';
import { CliFailure, EXIT, exitCodeFor } from '../io';
import type { CommandRunner } from '../program';

interface ServeOptions {
  host: string;
  port: string;
  demo?: boolean;
  lineagePort?: string;
}

/** The line scripts and tests wait for; keep its prefix stable. */
export const READY_PREFIX = 'Quorum is ready at ';

export function registerServe(program: Command, run: CommandRunner): void {
  program
    .command('serve')
    .description('Run Quorum in browser mode: the app and its API on a local HTTP port, guarded by a per-start token.')
    .option('--host <host>', 'address to bind; anything but loopback exposes the workspace to the network', '127.0.0.1')
    .option('--port <port>', 'port to listen on; 0 picks a free one', '0')
    .option('--demo', 'open the bundled demo workspace (Northwind Financial) in its own data directory')
    .option(
      '--lineage-port <port>',
      'receive OpenLineage events (POST /api/v1/lineage) on this port for this run, whatever Settings › Lineage receiver says; 0 picks a free one',
    )
    .action(
      run(async (context, options: ServeOptions) => {
        const port = /^\d{1,5}$/.test(options.port.trim()) ? Number(options.port.trim()) : Number.NaN;
        if (!Number.isInteger(port) || port < 0 || port > 65_535)
          throw new CliFailure(EXIT.usage, `--port must be a whole number from 0 to 65535, not "${options.port}".`);
        const dataDir = resolve(options.demo && !context.options.dataDir ? defaultDemoDataDir(context.io.env) : context.dataDir);
        // Take the instance lock before opening the workspace: a second instance must not
        // migrate, load the demo or otherwise write to a workspace another Quorum serves.
        const lock = withCliErrors(() => {
          ensureDataDir(dataDir);
          return acquireInstanceLock(dataDir, 'quorum serve');
        });
        let core;
        try {
          core = context.openCore({ dataDir, workspaceKind: options.demo ? 'demo' : 'user' });
        } catch (error) {
          lock.release();
          throw error;
        }
        let bridge;
        try {
          bridge = await startBridge({ core, host: options.host, port, rendererDir: defaultRendererDir() });
        } catch (error) {
          lock.release();
          throw new CliFailure(EXIT.usage, `Cannot listen on ${options.host}:${port}: ${(error as Error).message}`);
        }
        if (!['127.0.0.1', 'localhost', '::1'].includes(options.host)) {
          context.message(`Warning: listening on ${options.host}; anyone who can reach it and has the token can use this workspace.`);
        }
        // The receiver of the workspace settings, or --lineage-port's; before startBackgroundWork() so
        // its address and a newly made key are printed here (that call then finds it started).
        await startServeReceiver(context, core, options.host, options.lineagePort).catch(async (error: unknown) => {
          await core.lineageReceiver.stop();
          await bridge.close();
          lock.release();
          throw error;
        });
        core.startBackgroundWork();
        context.io.stdout(`${READY_PREFIX}${bridge.launchUrl}\n`);
        await new Promise<void>((resolveStop) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            resolveStop();
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
        await core.lineageReceiver.stop();
        await bridge.close();
        lock.release();
        return 0;
      }),
    );
}

function withCliErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (isQuorumError(error)) throw new CliFailure(exitCodeFor(error.code), error.message, error.toInfo());
    throw error;
  }
}
