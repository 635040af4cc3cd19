import { defineBenchmark, median, now, repeat } from '../harness';
import { createCore } from '../../electron/core/create-core';
import { ensureConnection } from '../../electron/core/catalog/connections';
import { ingestSnapshot } from '../../electron/core/catalog/ingest';
import { readRows } from '../../electron/core/governance/ledger-store';
import { fraudSnapshot } from '../../test/governance/helpers';
import { generateLedger } from './_ledger';

/**
 * Gate evaluation for one version, and the approvals inbox at 10,000 open requests, through
 * the core's dispatch (input validation included), on a workspace whose ledger holds them.
 */
export default defineBenchmark({
  area: 'governance',
  name: 'gate-and-inbox',
  async run({ log }) {
    log('signing 10,000 open release requests (plus approvals)…');
    const ledger = generateLedger({ events: 20_009, approvalsPerRequest: 1 });
    try {
      const { core } = ledger;
      const connection = ensureConnection(
        core.store.db,
        { name: 'northwind', kind: 'mlflow', url: 'http://northwind.example' },
        Date.now(),
      );
      ingestSnapshot(core.store.db, connection.id, fraudSnapshot(), Date.now());
      const call = async (operation: string, input: unknown) => {
        const result = await core.dispatch(operation, input);
        if (!result.ok) throw new Error(`${operation}: ${result.error.message}`);
        return result.data;
      };

      const coldStart = now();
      await call('governance.requests.inbox', { box: 'my-role' });
      const cold = now() - coldStart;
      // A second process on the same workspace: signatures are not re-checked, receipts are.
      const reopened = createCore({ dataDir: ledger.dir, validateOutput: false });
      const reopenStart = now();
      const again = await reopened.dispatch('governance.requests.inbox', { box: 'my-role' });
      const warm = now() - reopenStart;
      reopened.close();
      if (!again.ok) throw new Error(again.error.message);
      const inbox = await repeat(20, async () => {
        const started = now();
        const data = (await call('governance.requests.inbox', { box: 'my-role', limit: 100 })) as { total: number };
        if (data.total !== ledger.requests) throw new Error(`inbox shows ${data.total} of ${ledger.requests}`);
        return now() - started;
      });
      const readAll = await repeat(5, async () => {
        const started = now();
        readRows(core.store.db);
        return now() - started;
      });

      const gate = await repeat(30, async () => {
        const started = now();
        await call('governance.gate.evaluate', { model: 'fraud-detector', version: 4, stage: 'production' });
        return now() - started;
      });
      const version = await repeat(30, async () => {
        const started = now();
        await call('versions.get', { connection: 'northwind', name: 'fraud-detector', version: 4 });
        return now() - started;
      });
      return [
        {
          label: `inbox "waiting for my role" at ${ledger.requests.toLocaleString('en')} open requests (median of 20)`,
          value: median(inbox),
          unit: 'ms',
          target: 50,
          baseline: { label: `read the ${ledger.events.toLocaleString('en')} ledger rows from SQLite`, value: median(readAll) },
        },
        {
          label: `first inbox after opening (derive + verify ${ledger.events.toLocaleString('en')} events)`,
          value: cold,
          unit: 'ms',
          note: 'first process on this machine; later calls reuse the derived state until the ledger changes',
        },
        {
          label: `first inbox in a new process (receipts instead of ${ledger.events.toLocaleString('en')} signature checks)`,
          value: warm,
          unit: 'ms',
        },
        {
          label: 'gate evaluation, fraud-detector v4 → production (median of 30)',
          value: median(gate),
          unit: 'ms',
          target: 20,
          baseline: { label: 'versions.get of the same version', value: median(version) },
        },
      ];
    } finally {
      ledger.cleanup();
    }
  },
});
