import { queryOptions } from '@tanstack/react-query';
import { call } from '../../platform/api';

/**
 * Verifying a file reads it from disk and the ledger; keyed under the "reports" topic so issuing
 * or syncing reports re-checks it. Not in OPERATION_TOPICS: only asked for on demand.
 */
export const verifyFileQuery = (file: string) =>
  queryOptions({
    queryKey: ['reports', 'reports.verify', file] as const,
    queryFn: () => call('reports.verify', { file }),
    retry: false,
  });
