import { isObject } from '../openlineage/types';

/**
 * One data-quality assertion a run reported about a dataset it read: an entry of the OpenLineage
 * `dataQualityAssertions` input facet, kept in the details of the input edge
 * (openlineage/project.ts `ioDetails`). The node's side panel (detail.ts) and the governance
 * evidence (quality-evidence.ts) read it through this one parser so they cannot disagree.
 */
export interface RecordedAssertion {
  /** The test's classification (`not_null`, `unique`, …); `?` when the producer sent none. */
  assertion: string;
  success: boolean;
  /** The column tested; null when the assertion is about the whole dataset. */
  column: string | null;
  /** The test's own name (facet 1-1-0 `name`), which tells apart two tests of one kind on one column. */
  name: string | null;
  runId: string | null;
  /** The reporting event's time; null when the edge's details do not say. */
  at: number | null;
}

/** The assertions in one input edge's `details_json`; none when it carries no such facet. */
export function parseQualityAssertions(detailsJson: string): RecordedAssertion[] {
  const details: unknown = JSON.parse(detailsJson);
  if (!isObject(details) || !isObject(details.facets)) return [];
  const facet = details.facets.dataQualityAssertions;
  if (!isObject(facet) || !Array.isArray(facet.assertions)) return [];
  const runId = typeof details.runId === 'string' ? details.runId : null;
  const at = typeof details.at === 'number' ? details.at : null;
  return facet.assertions.filter(isObject).map((a) => ({
    assertion: typeof a.assertion === 'string' ? a.assertion : '?',
    // Only an explicit `true` is a pass: a result that does not say it passed did not.
    success: a.success === true,
    column: typeof a.column === 'string' ? a.column : null,
    name: typeof a.name === 'string' && a.name.trim() !== '' ? a.name : null,
    runId,
    at,
  }));
}
