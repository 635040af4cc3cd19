import { useQuery } from '@tanstack/react-query';
import { gateQuery, ledgerQuery, type VersionSubject } from './queries';
import { releaseOf } from './released';

/** The most ledger entries of one model read to find its write-backs. */
const MODEL_LEDGER_LIMIT = 1000;

/** The gate of one version and whether it was released through Quorum. */
export function useVersionGate(subject: VersionSubject) {
  const gate = useQuery(gateQuery(subject));
  const ledger = useQuery(ledgerQuery(MODEL_LEDGER_LIMIT, subject.model));
  const release = ledger.data ? releaseOf(ledger.data.items, subject) : null;
  return { gate, ledger, release };
}
