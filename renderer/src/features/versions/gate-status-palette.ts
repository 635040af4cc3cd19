import type { GateSummaryStatus } from '@shared/domain/governance';
import type { StatusTone } from '../../ui/StatusBadge';

/**
 * The release gate's status words and tones, for the statuses `gateSummaryOf` decides. The
 * version header adds what is missing after "Blocked"; the Models grid shows them as they are.
 */
export const GATE_STATUS_PALETTE: Record<GateSummaryStatus, { tone: StatusTone; word: string }> = {
  ready: { tone: 'ok', word: 'Ready to release' },
  'ready-with-waiver': { tone: 'waived', word: 'Ready, waived' },
  released: { tone: 'ok', word: 'Released' },
  'released-with-waiver': { tone: 'waived', word: 'Released, waived' },
  blocked: { tone: 'danger', word: 'Blocked' },
  invalidated: { tone: 'danger', word: 'Invalidated' },
  'not-requested': { tone: 'unknown', word: 'Not requested' },
  'not-governed': { tone: 'unknown', word: 'Not governed' },
  'not-evaluated': { tone: 'unknown', word: 'Not evaluated' },
};
