import type { Command } from 'commander';
import type { SyncResult } from '@shared/domain/registry';
import type { Envelope, EventPayload, OperationOutput } from '@shared/contract';
import { CliFailure, EXIT, exitCodeFor } from '../io';
import type { CommandRunner } from '../program';

interface SyncOptions {
  connection?: string;
  full?: boolean;
}

const MARK = { ok: '✓', partial: '✗', error: '✗', cancelled: '–' } as const;

/**
 * `quorum sync`: syncs one connection or all, waiting for the end. Progress goes to stderr,
 * the results to stdout (JSON with --json). Exit 0 when every connection synced; 3 when any
 * failed (the message names the connection and the cause) — what was synced before, and
 * what this run fetched before failing, is kept, and the next sync completes the job.
 * Ctrl+C cancels the sync (exit 3), also keeping what was fetched.
 */
export function registerSync(program: Command, run: CommandRunner): void {
  program
    .command('sync')
    .description('Sync registry connections into the catalog. Exit 3 when a backend fails (what was already synced is kept).')
    .option('--connection <name>', 'only this connection')
    .option('--full', 'list every run again, not only what changed since the last sync')
    .action(
      run(async (context, options: SyncOptions) => {
        const core = context.openCore();
        let lastPhase = '';
        // A CLI process runs one job at a time, so every progress event is ours.
        const unsubscribe = core.events.onAny((event, payload) => {
          if (event !== 'job.progress') return;
          const progress = payload as EventPayload<'job.progress'>;
          // One line per phase keeps logs readable; the counts ride along.
          const phase = progress.message?.split(' — ')[0] ?? '';
          if (progress.state === 'running' && progress.message && phase !== lastPhase) {
            lastPhase = phase;
            context.message(`sync ${progress.message}`);
          }
        });
        const controller = new AbortController();
        const interrupt = () => controller.abort();
        process.once('SIGINT', interrupt);
        let envelope: Envelope<OperationOutput<'sync.start'>>;
        try {
          envelope = (await core.dispatch(
            'sync.start',
            { ...(options.connection ? { connection: options.connection } : {}), full: options.full === true, wait: true },
            { signal: controller.signal },
          )) as Envelope<OperationOutput<'sync.start'>>;
        } finally {
          process.off('SIGINT', interrupt);
          unsubscribe();
        }
        if (!envelope.ok) throw new CliFailure(exitCodeFor(envelope.error.code), envelope.error.message, envelope.error);
        const { jobId } = envelope.data;
        const results = envelope.data.results ?? [];

        context.result({ jobId, results }, () => describe(results));
        if (results.length === 0) {
          context.message('No connections to sync. Add one with `quorum connect mlflow --name NAME --url URL`.');
          return EXIT.ok;
        }
        const failed = results.filter((r) => r.outcome !== 'ok');
        for (const r of failed) {
          context.message(`quorum: sync of "${r.connection}" ${r.outcome === 'cancelled' ? 'was cancelled' : 'failed'}: ${r.message}`);
        }
        return failed.length === 0 ? EXIT.ok : EXIT.backend;
      }),
    );
}

function describe(results: SyncResult[]): string {
  return results
    .map((r) => {
      const lines = [`${MARK[r.outcome]} ${r.connection}: ${r.message}`];
      for (const warning of r.warnings.slice(0, 10)) lines.push(`    ! ${warning}`);
      if (r.warnings.length > 10) lines.push(`    … ${r.warnings.length - 10} more warnings`);
      return lines.join('\n');
    })
    .join('\n');
}
