import type { Connection } from '../../platform/catalog-types';
import type { StatusTone } from '../../ui/StatusBadge';

export const CONNECTION_KINDS: Record<Connection['kind'], string> = {
  mlflow: 'MLflow',
  prometheus: 'Prometheus',
  recording: 'Recorded registry (demo)',
};

/** A connection's status as the palette shows it; monitoring connections are polled, demo ones never synced. */
export function connectionStatus(connection: Pick<Connection, 'kind' | 'status'>): { tone: StatusTone; label: string } {
  if (connection.kind === 'prometheus') {
    if (connection.status === 'error') return { tone: 'danger', label: 'Poll failed' };
    return connection.status === 'ok' ? { tone: 'ok', label: 'Polled' } : { tone: 'unknown', label: 'Not polled yet' };
  }
  if (connection.status === 'error') return { tone: 'danger', label: connection.kind === 'mlflow' ? 'Sync failed' : 'Error' };
  if (connection.status === 'ok') return { tone: 'ok', label: connection.kind === 'recording' ? 'Loaded' : 'Synced' };
  return { tone: 'unknown', label: 'Never synced' };
}

export const isSyncable = (connection: Pick<Connection, 'kind'>): boolean => connection.kind === 'mlflow';
export const isEditable = (connection: Pick<Connection, 'kind'>): boolean => connection.kind !== 'recording';

export const CONNECTIONS_PATH = '/settings/connections';
export const NEW_CONNECTION_PATH = `${CONNECTIONS_PATH}/new`;
export const editConnectionPath = (name: string): string => `${CONNECTIONS_PATH}/${encodeURIComponent(name)}/edit`;
