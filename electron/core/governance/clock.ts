import { QuorumError } from '../errors';
import { CLOCK_SKEW_MS } from './verify';

/**
 * Time in the ledger is each author's claim. It is checked against causality (an event is
 * not older than what it follows) and plausibility: a machine whose clock is years off
 * would otherwise sign approvals that never expire or that predate their request. Other
 * replicas also flag events dated after their own clock (`future-dated`).
 */
export const EARLIEST_PLAUSIBLE = Date.UTC(2024, 0, 1);
export const LATEST_PLAUSIBLE = Date.UTC(2100, 0, 1);

export function assertSaneClock(now: number, newestFollowed: number | null): void {
  const iso = (ms: number) => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms));
  if (!Number.isSafeInteger(now) || now < EARLIEST_PLAUSIBLE || now > LATEST_PLAUSIBLE) {
    throw new QuorumError(
      'invalid_input',
      `This machine's clock reads ${iso(now)}, which cannot be right. Nothing was signed: fix the system clock and try again.`,
      { now },
    );
  }
  if (newestFollowed !== null && now < newestFollowed - CLOCK_SKEW_MS) {
    throw new QuorumError(
      'invalid_input',
      `This machine's clock (${iso(now)}) is behind the newest ledger event (${iso(newestFollowed)}). Nothing was signed: fix the system clock and try again.`,
      { now, newest: newestFollowed },
    );
  }
}
