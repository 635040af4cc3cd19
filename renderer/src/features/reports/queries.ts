import type { OperationInput } from '@shared/contract';
import { operationQuery } from '../../platform/operation-query';

/** How many issued reports the history shows; each is verified again on every read. */
export const HISTORY_LIMIT = 100;

export const reportHistoryQuery = () => operationQuery('reports.list', { limit: HISTORY_LIMIT });
export const reportPreviewQuery = (input: OperationInput<'reports.preview'>) => operationQuery('reports.preview', input);
