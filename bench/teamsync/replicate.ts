import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope, OperationInput, OperationName, OperationOutput } from '@shared/contract';
import { createCore, type Core } from '../../electron/core/create-core';
import { defineBenchmark, median, now, repeat } from '../harness';
import { generateLedger } from '../governance/_ledger';
import { startCluster } from '../../test/teamsync/pg-cluster';
import { fraudSnapshot, ingest } from '../../test/governance/helpers';

async function call<K extends OperationName>(core: Core, operation: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
  const envelope = (await core.dispatch(operation, input)) as Envelope<OperationOutput<K>>;
  if (!envelope.ok) throw new Error(`${operation}: ${envelope.error.message}`);
  return envelope.data;
}

function freshCore(prefix: string, withCatalog = false): { core: Core; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `quorum-bench-team-${prefix}-`));
  if (withCatalog) ingest(dir, fraudSnapshot(), 1_700_000_000_000);
  const core = createCore({ dataDir: dir, validateOutput: false });
  return { core, cleanup: () => (core.close(), rmSync(dir, { recursive: true, force: true })) };
}

/**
 * Team sync through a throwaway local PostgreSQL (Debian's postgresql; see test/teamsync/pg-cluster.ts):
 * 10,000 signed events from one workspace to another (push, then pull + verify + apply), and the
 * time from a sign-off on one connected workspace to its appearance on another (LISTEN/NOTIFY).
 */
export default defineBenchmark({
  area: 'teamsync',
  name: 'replicate',
  async run({ log }) {
    const cluster = await startCluster();
    try {
      log('signing a ledger of 10,000 events…');
      const events = 10_000;
      const source = generateLedger({ events, approvalsPerRequest: 2 });
      const samples: { push: number; pull: number }[] = [];
      try {
        for (let i = 0; i < 3; i++) {
          const db = `bench${i}`;
          await cluster.createDatabase(db);
          source.core.store.db.prepare('DELETE FROM teamsync_remote').run();
          source.core.store.db.prepare('DELETE FROM teamsync_cursor').run();
          const t0 = now();
          await call(source.core, 'team.connect', { url: cluster.adminUrl(db) });
          const t1 = now();
          const target = freshCore(`pull${i}`);
          try {
            const joined = await call(target.core, 'team.connect', { url: cluster.adminUrl(db) });
            const t2 = now();
            if (joined.sync?.applied !== source.events) throw new Error(`applied ${joined.sync?.applied} of ${source.events}`);
            const verify = await call(target.core, 'governance.ledger.verify', {});
            if (!verify.intact) throw new Error('replica did not verify');
            samples.push({ push: t1 - t0, pull: t2 - t1 });
          } finally {
            target.cleanup();
          }
        }
      } finally {
        source.cleanup();
      }

      log('live: a sign-off on one workspace, seen on another…');
      const a = freshCore('live-a', true);
      const b = freshCore('live-b', true);
      let latencies: number[];
      try {
        await cluster.createDatabase('live');
        await call(a.core, 'governance.identities.create', { name: 'Ada Admin', email: 'ada@northwind.example' });
        await call(a.core, 'governance.roles.grant', { person: 'Ada Admin', role: 'compliance' });
        await call(a.core, 'governance.requests.create', { model: 'fraud-detector', version: 4, stage: 'production', note: '' });
        await call(a.core, 'team.connect', { url: cluster.adminUrl('live') });
        await call(b.core, 'team.connect', { url: cluster.adminUrl('live') });
        a.core.team.start();
        b.core.team.start();
        await new Promise((r) => setTimeout(r, 300));
        const has = (id: string) => b.core.store.db.prepare('SELECT 1 FROM ledger_events WHERE id = ?').get(id) !== undefined;
        latencies = await repeat(6, async (i) => {
          const started = now();
          const subject = { model: 'fraud-detector', version: 4, stage: 'production' } as const;
          const id = i % 2 === 0 ? (await call(a.core, 'governance.signoff.approve', { ...subject, role: 'compliance' })).eventId : null;
          if (id === null) {
            const w = await call(a.core, 'governance.signoff.withdraw', { ...subject, role: 'compliance', comment: '' });
            void w;
            const last = a.core.store.db.prepare('SELECT id FROM ledger_events ORDER BY seq DESC LIMIT 1').pluck().get() as string;
            while (!has(last)) await new Promise((r) => setTimeout(r, 2));
          } else while (!has(id)) await new Promise((r) => setTimeout(r, 2));
          return now() - started;
        });
      } finally {
        a.core.team.stopLive();
        b.core.team.stopLive();
        a.cleanup();
        b.cleanup();
      }
      const total = samples.map((s) => s.push + s.pull);
      return [
        {
          label: `replicate ${events.toLocaleString('en')} events A → Postgres → B (push + pull, verify, apply; median of 3)`,
          value: median(total),
          unit: 'ms',
          target: 5_000,
          baseline: { label: 'of which push', value: median(samples.map((s) => s.push)) },
        },
        {
          label: 'sign-off on A visible on connected B via LISTEN/NOTIFY (median of 6)',
          value: median(latencies),
          unit: 'ms',
          target: 2_000,
          note: `max ${Math.round(Math.max(...latencies))} ms`,
        },
      ];
    } finally {
      cluster.stop();
    }
  },
});
