import { accessSync, constants } from 'node:fs';
import type { DoctorCheck } from '@shared/contract/system.contract';
import { listConnections } from '../catalog/connections';
import { LATEST_SCHEMA_VERSION } from '../store/migrations';
import { schemaVersionOf } from '../store/migrate';
import type { WorkspaceStore } from '../store/open-store';

/** The checks behind `quorum doctor` and Settings › Diagnostics. Read-only by design. */
export function runDoctor(store: WorkspaceStore): { healthy: boolean; checks: DoctorCheck[] } {
  const checks: DoctorCheck[] = [];
  try {
    accessSync(store.dataDir, constants.W_OK);
    checks.push({ name: 'data-dir', status: 'ok', message: `Data directory ${store.dataDir} is writable.` });
  } catch {
    checks.push({ name: 'data-dir', status: 'error', message: `Data directory ${store.dataDir} is not writable.` });
  }

  const version = schemaVersionOf(store.db);
  checks.push(
    version === LATEST_SCHEMA_VERSION
      ? { name: 'schema', status: 'ok', message: `Schema version ${version} (current).` }
      : { name: 'schema', status: 'error', message: `Schema version ${version}; this build expects ${LATEST_SCHEMA_VERSION}.` },
  );

  const integrity = (store.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  checks.push(
    integrity.length === 1 && integrity[0] === 'ok'
      ? { name: 'integrity', status: 'ok', message: 'Database integrity check passed.' }
      : { name: 'integrity', status: 'error', message: `Database integrity check failed: ${integrity.slice(0, 3).join('; ')}` },
  );

  const journal = String(store.db.pragma('journal_mode', { simple: true }));
  checks.push({ name: 'journal', status: journal === 'wal' ? 'ok' : 'warning', message: `Journal mode ${journal}.` });

  const connections = listConnections(store.db);
  if (connections.length === 0) {
    checks.push({
      name: 'connections',
      status: 'warning',
      message: 'No connections yet: add an MLflow server, or open the demo workspace.',
    });
  }
  for (const c of connections) {
    checks.push({
      name: `connection:${c.name}`,
      status: c.status === 'error' ? 'error' : c.status === 'ok' ? 'ok' : 'warning',
      message: `${c.kind} ${c.url}: ${c.status}${c.statusMessage ? ` — ${c.statusMessage}` : ''}`,
    });
  }
  return { healthy: checks.every((c) => c.status !== 'error'), checks };
}
