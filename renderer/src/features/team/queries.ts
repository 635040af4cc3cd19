import { operationQuery } from '../../platform/operation-query';

/** How many quarantined events the status lists (the count covers them all). */
export const QUARANTINE_LIMIT = 50;

export const teamStatusQuery = () => operationQuery('team.status', { limit: QUARANTINE_LIMIT });
