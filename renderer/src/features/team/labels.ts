import type { TeamConnectionState } from '@shared/domain/teamsync';
import type { IconName } from '../../ui/Icon';
import type { StatusTone } from '../../ui/StatusBadge';

export const TEAM_STATE: Record<TeamConnectionState, { tone: StatusTone; label: string; icon?: IconName; explanation: string }> = {
  'not-configured': {
    tone: 'unknown',
    label: 'Not connected',
    explanation: 'This workspace keeps its ledger to itself; connect a team database to share sign-offs with colleagues.',
  },
  connected: {
    tone: 'ok',
    label: 'Connected',
    explanation: 'Sign-offs made here reach the team database, and colleagues’ reach this workspace.',
  },
  syncing: {
    tone: 'warning',
    label: 'Syncing',
    icon: 'arrowsUpDown',
    explanation: 'Exchanging ledger events with the team database now.',
  },
  offline: {
    tone: 'danger',
    label: 'Offline',
    icon: 'alert',
    explanation: 'The team database cannot be reached. Work continues here and is sent when it is back.',
  },
};
