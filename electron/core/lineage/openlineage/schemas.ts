import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { QuorumError } from '../../errors';

/** Where a facet sits in an event; the same key means different facets in different places. */
export type FacetLocation = 'run' | 'job' | 'dataset' | 'inputDataset' | 'outputDataset';

export interface OpenLineageSchemas {
  readonly runEvent: ValidateFunction;
  readonly jobEvent: ValidateFunction;
  readonly datasetEvent: ValidateFunction;
  /**
   * Standard facets by location and key, each validated by its own spec schema. Compiled on
   * first use: compiling all of them costs more than the rest of a demo workspace's start,
   * and most producers use a handful.
   */
  readonly facets: ReadonlyMap<FacetLocation, ReadonlyMap<string, () => ValidateFunction>>;
}

export type SchemaError = ErrorObject;

const CORE_ID = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';
const BASES: Record<string, FacetLocation> = {
  RunFacet: 'run',
  JobFacet: 'job',
  DatasetFacet: 'dataset',
  InputDatasetFacet: 'inputDataset',
  OutputDatasetFacet: 'outputDataset',
};

// ajv-formats ships CommonJS with `exports.default`; under ESM interop the callable is either.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

const cache = new Map<string, OpenLineageSchemas>();

/**
 * Compiles the bundled OpenLineage schemas (resources/openlineage/schemas) once per process.
 * The core schema is registered first so the facet schemas' absolute `$ref`s resolve offline.
 */
export function openLineageSchemas(resourcesDir: string): OpenLineageSchemas {
  const dir = join(resourcesDir, 'openlineage', 'schemas');
  const cached = cache.get(dir);
  if (cached) return cached;
  if (!existsSync(join(dir, 'OpenLineage.json'))) {
    throw new QuorumError('internal', `The OpenLineage schemas are missing from ${dir}; this Quorum build is incomplete.`, { dir });
  }
  // strict: false because the spec's schemas use `example` and `required` inside `not`, which
  // are valid JSON Schema that ajv's strict mode flags; verbose: true gives each error its data.
  const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
  addFormats(ajv);
  ajv.addSchema(readJson(join(dir, 'OpenLineage.json')));

  const facets = new Map<FacetLocation, Map<string, () => ValidateFunction>>();
  const facetDir = join(dir, 'facets');
  for (const file of readdirSync(facetDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const schema = readJson(join(facetDir, file)) as unknown as FacetSchemaFile;
    ajv.addSchema(schema as unknown as Record<string, unknown>);
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      const ref = `${schema.$id}#/properties/${key}`;
      let compiled: ValidateFunction | undefined;
      const validator = (): ValidateFunction => {
        compiled ??= ajv.getSchema(ref);
        if (!compiled) throw new QuorumError('internal', `The OpenLineage facet schema ${ref} does not compile.`);
        return compiled;
      };
      for (const location of locationsOf(schema, property)) {
        let byKey = facets.get(location);
        if (!byKey) facets.set(location, (byKey = new Map()));
        byKey.set(key, validator);
      }
    }
  }
  const definition = (name: string): ValidateFunction => {
    const validate = ajv.getSchema(`${CORE_ID}#/$defs/${name}`);
    if (!validate) throw new QuorumError('internal', `The OpenLineage schema has no definition ${name}.`);
    return validate;
  };
  const compiled: OpenLineageSchemas = {
    runEvent: definition('RunEvent'),
    jobEvent: definition('JobEvent'),
    datasetEvent: definition('DatasetEvent'),
    facets,
  };
  cache.set(dir, compiled);
  return compiled;
}

interface FacetSchemaFile {
  $id: string;
  $defs?: Record<string, { allOf?: { $ref?: string }[]; anyOf?: { $ref?: string }[]; oneOf?: { $ref?: string }[] }>;
  properties?: Record<string, { $ref?: string; anyOf?: { $ref?: string }[]; oneOf?: { $ref?: string }[] }>;
}

/**
 * Reads where a facet belongs from the core definition it extends (RunFacet, JobFacet,
 * DatasetFacet, InputDatasetFacet, OutputDatasetFacet), following one level of local
 * alternatives (BaseSubsetDatasetFacet is an input or an output facet).
 */
function locationsOf(schema: FacetSchemaFile, property: NonNullable<FacetSchemaFile['properties']>[string]): Set<FacetLocation> {
  const found = new Set<FacetLocation>();
  const visit = (ref: string | undefined, depth: number): void => {
    if (!ref || depth > 3) return;
    const core = /OpenLineage\.json#\/\$defs\/(\w+)$/.exec(ref);
    const base = core?.[1] ? BASES[core[1]] : undefined;
    if (base) {
      found.add(base);
      return;
    }
    const local = /^#\/\$defs\/(\w+)$/.exec(ref);
    const def = local?.[1] ? schema.$defs?.[local[1]] : undefined;
    if (!def) return;
    const first = def.allOf?.[0]?.$ref;
    if (first) visit(first, depth + 1);
    for (const alt of [...(def.anyOf ?? []), ...(def.oneOf ?? [])]) visit(alt.$ref, depth + 1);
  };
  visit(property.$ref, 0);
  for (const alt of [...(property.anyOf ?? []), ...(property.oneOf ?? [])]) visit(alt.$ref, 0);
  return found;
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}
