import type { DoctorCheck } from '../../platform/catalog-types';
import type { StatusTone } from '../../ui/StatusBadge';

const CHECK_NAMES: Record<string, string> = {
  'data-dir': 'Data directory',
  schema: 'Database schema',
  integrity: 'Database integrity',
  journal: 'Journal mode',
  connections: 'Connections',
};

/** A check's name as a person reads it: "connection:prod" → "Connection prod". */
export function checkTitle(name: string): string {
  if (name.startsWith('connection:')) return `Connection ${name.slice('connection:'.length)}`;
  return CHECK_NAMES[name] ?? name;
}

export function checkStatus(status: DoctorCheck['status']): { tone: StatusTone; label: string; icon?: 'alert' } {
  switch (status) {
    case 'ok':
      return { tone: 'ok', label: 'OK' };
    case 'warning':
      return { tone: 'warning', label: 'Warning', icon: 'alert' };
    case 'error':
      return { tone: 'danger', label: 'Problem' };
  }
}
