import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLineageSchemas } from '../../electron/core/lineage/openlineage/schemas';
import { validateEvent } from '../../electron/core/lineage/openlineage/validate';
import { contentHash } from '../../electron/core/lineage/canonical';
import { parseTimestamp } from '../../electron/core/lineage/time';
import { dataset, OL_SCHEMAS, readJson, REPO, runEvent } from './helpers';

/** The bundled copy the app ships (resources/openlineage), the one the receiver uses. */
const schemas = openLineageSchemas(join(REPO, 'resources'));
const check = (event: unknown) => validateEvent(event, schemas);
const codes = (event: unknown) => {
  const r = check(event);
  return r.ok ? { accepted: r.event.warnings.map((w) => w.code) } : { rejected: r.reasons.map((w) => w.code) };
};

describe('validation levels', () => {
  it('accepts a complete, valid event without warnings', () => {
    expect(codes(runEvent({ inputs: [dataset('db', 'in')], outputs: [dataset('db', 'out')] }))).toEqual({ accepted: [] });
  });

  describe('accept with warnings — what real producers send and Marquez reads', () => {
    it('no schemaURL, no producer', () => {
      const { schemaURL: _s, producer: _p, ...bare } = runEvent();
      expect(codes(bare)).toEqual({ accepted: ['missing_producer', 'missing_schema_url'] });
    });

    it('a timestamp without a zone, read as UTC', () => {
      const r = check(runEvent({ eventTime: '2021-11-03T10:53:52.427343' }));
      expect(r.ok && r.event.warnings.map((w) => w.code)).toEqual(['timestamp_without_zone']);
      expect(r.ok && r.event.eventTime).toBe(Date.parse('2021-11-03T10:53:52.427Z'));
    });

    it('facets without _producer or _schemaURL, folded into one warning each', () => {
      const event = runEvent({ runFacets: { nominalTime: { nominalStartTime: '2024-01-01T00:00:00Z' }, custom: { anything: 1 } } });
      const r = check(event);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.event.warnings.map((w) => w.code)).toEqual(['facet_missing_producer', 'facet_missing_schema_url']);
      expect(r.event.warnings[0]?.message).toBe('Facets without _producer: run.facets.nominalTime, run.facets.custom.');
    });

    it('a runId that is not a UUID (Marquez derives one); null for an optional field', () => {
      const event = runEvent({ runId: 'airflow-dag-run-42' });
      (event.job as Record<string, unknown>).facets = {
        jobType: {
          _producer: 'https://x',
          _schemaURL: 'https://x',
          processingType: 'BATCH',
          integration: 'DBT',
          jobType: 'JOB',
          _deleted: null,
        },
      };
      expect(codes(event)).toEqual({ accepted: ['run_id_not_uuid', 'null_as_absent'] });
    });
  });

  describe('reject with the reason', () => {
    it('no runId', () => {
      const event = runEvent();
      event.run = {};
      expect(check(event)).toMatchObject({
        ok: false,
        reasons: [{ code: 'missing_run_id', path: '/run/runId', message: expect.stringContaining('No runId') }],
      });
    });

    it('no job name', () => {
      const event = runEvent();
      event.job = { namespace: 'ns' };
      expect(check(event)).toMatchObject({ ok: false, reasons: [{ code: 'missing_job_name', path: '/job/name' }] });
    });

    it('a malformed parent facet', () => {
      const noRunId = runEvent({ runFacets: { parent: { run: { id: 'x' }, job: { namespace: 'n', name: 'p' } } } });
      const noJob = runEvent({ runFacets: { parent: { run: { runId: '3f5e83fa-3480-44ff-99c5-ff943904e5e8' } } } });
      const self = runEvent({
        runId: '3f5e83fa-3480-44ff-99c5-ff943904e5e8',
        runFacets: { parent: { run: { runId: '3f5e83fa-3480-44ff-99c5-ff943904e5e8' }, job: { namespace: 'n', name: 'p' } } },
      });
      const badRoot = runEvent({
        runFacets: {
          parent: {
            run: { runId: '3f5e83fa-3480-44ff-99c5-ff943904e5e8' },
            job: { namespace: 'n', name: 'p' },
            root: { job: { namespace: 'n' } },
          },
        },
      });
      for (const event of [noRunId, noJob, self, badRoot]) expect(codes(event)).toEqual({ rejected: ['malformed_parent_facet'] });
    });

    it('wrong types and values, with the path named', () => {
      expect(check({ ...runEvent(), eventType: 'FINISHED' })).toMatchObject({
        ok: false,
        reasons: [{ code: 'wrong_value', path: '/eventType' }],
      });
      expect(check({ ...runEvent(), inputs: { namespace: 'a', name: 'b' } })).toMatchObject({
        ok: false,
        reasons: [{ code: 'wrong_type', path: '/inputs' }],
      });
      expect(
        check(runEvent({ inputs: [dataset('db', 't', { schema: { _producer: 'https://x', _schemaURL: 'https://x', fields: 'a,b' } })] })),
      ).toMatchObject({
        ok: false,
        reasons: [
          {
            code: 'wrong_type',
            path: '/inputs/0/facets/schema/fields',
            message: 'inputs[0].facets.schema.fields must be array, not the string "a,b".',
          },
        ],
      });
      expect(check({ ...runEvent(), run: { runId: 42 } })).toMatchObject({
        ok: false,
        reasons: [{ code: 'wrong_type', path: '/run/runId' }],
      });
      expect(check({ ...runEvent(), eventTime: 'yesterday' })).toMatchObject({ ok: false, reasons: [{ code: 'bad_event_time' }] });
    });

    it('not an object, not an event', () => {
      expect(codes([1, 2])).toEqual({ rejected: ['not_an_object'] });
      expect(codes({ hello: 'world' })).toEqual({ rejected: ['not_an_event'] });
      expect(codes(null)).toEqual({ rejected: ['not_an_object'] });
    });
  });

  it('accepts every example the spec checks its own facet schemas against', () => {
    const root = join(OL_SCHEMAS, 'facet-examples');
    const locationOf: Record<string, 'run' | 'job' | 'dataset' | 'input' | 'output'> = {
      DataQualityAssertionsDatasetFacet: 'input',
      DataQualityMetricsInputDatasetFacet: 'input',
      InputStatisticsInputDatasetFacet: 'input',
      OutputStatisticsOutputDatasetFacet: 'output',
      BaseSubsetDatasetFacet: 'input',
    };
    let checked = 0;
    for (const facet of readdirSync(root)) {
      const location = locationOf[facet] ?? (facet.endsWith('RunFacet') ? 'run' : facet.endsWith('JobFacet') ? 'job' : 'dataset');
      for (const file of readdirSync(join(root, facet))) {
        const facets = readJson<Record<string, unknown>>(join(root, facet, file));
        const event = runEvent();
        if (location === 'run') (event.run as Record<string, unknown>).facets = facets;
        if (location === 'job') (event.job as Record<string, unknown>).facets = facets;
        if (location === 'dataset') event.inputs = [{ ...dataset('db', 't'), facets }];
        if (location === 'input') event.inputs = [{ ...dataset('db', 't'), inputFacets: facets }];
        if (location === 'output') event.outputs = [{ ...dataset('db', 't'), outputFacets: facets }];
        const result = check(event);
        expect(result.ok ? null : { facet, file, reasons: result.reasons }).toBeNull();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(35);
  });

  it('hashes the same event the same whatever the key order or spacing', () => {
    const a = { eventType: 'START', run: { runId: 'x', facets: { b: 1, a: 2 } } };
    const b = JSON.parse('{ "run": { "facets": { "a": 2, "b": 1 }, "runId": "x" },  "eventType": "START" }') as unknown;
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(a)).not.toBe(contentHash({ ...a, eventType: 'COMPLETE' }));
  });

  it('reads the timestamp shapes producers send', () => {
    expect(parseTimestamp('2020-12-28T19:52:00.001+10:00')).toEqual({ ms: Date.parse('2020-12-28T09:52:00.001Z'), hadZone: true });
    expect(parseTimestamp('2024-11-22T15:58:03.518877Z')).toEqual({ ms: Date.parse('2024-11-22T15:58:03.518Z'), hadZone: true });
    expect(parseTimestamp('2021-11-03T10:53:52.427343')).toEqual({ ms: Date.parse('2021-11-03T10:53:52.427Z'), hadZone: false });
    expect(parseTimestamp('2020-01-01')).toEqual({ ms: Date.parse('2020-01-01T00:00:00Z'), hadZone: false });
    expect(parseTimestamp('2024-01-01T00:00:00+0530')?.ms).toBe(Date.parse('2023-12-31T18:30:00Z'));
    expect(parseTimestamp('not a date')).toBeNull();
  });
});
