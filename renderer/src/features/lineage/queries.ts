import type { LineageNodeKind } from '@shared/domain/lineage';
import { operationQuery } from '../../platform/operation-query';

export type Direction = 'upstream' | 'downstream' | 'both';

export interface GraphRequest {
  node: string;
  direction: Direction;
  depth: number;
  /** Milliseconds since the epoch; null for today's graph. */
  asOf: number | null;
}

export const lineageGraphQuery = ({ node, direction, depth, asOf }: GraphRequest) =>
  operationQuery('lineage.graph', asOf === null ? { node, direction, depth } : { node, direction, depth, asOf });

export const lineageNodeQuery = (node: string | number) => operationQuery('lineage.node', { node });

export const lineageImpactQuery = (dataset: string | number) => operationQuery('lineage.impact', { dataset });

export const lineageSearchQuery = (query: string, kind?: LineageNodeKind) =>
  operationQuery('lineage.search', kind ? { query, kind, limit: 20 } : { query, limit: 20 });

export const rejectedEventsQuery = () => operationQuery('lineage.rejected', { limit: 100 });
