import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { QuorumError } from '../../errors';
import { PRECOMPILED, PRECOMPILED_DIGEST } from './generated/validators';

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

/** The bundled schema files: the core spec, then every facet schema in name order. */
export interface SchemaFiles {
  readonly core: Record<string, unknown>;
  readonly facets: readonly FacetSchemaFile[];
  /** SHA-256 over the files' bytes, in that order: what the precompiled validators were built from. */
  readonly digest: string;
}

export function readSchemaFiles(dir: string): SchemaFiles {
  if (!existsSync(join(dir, 'OpenLineage.json'))) {
    throw new QuorumError('internal', `The OpenLineage schemas are missing from ${dir}; this Quorum build is incomplete.`, { dir });
  }
  const hash = createHash('sha256');
  const read = (path: string): Record<string, unknown> => {
    const bytes = readFileSync(path);
    hash.update(bytes);
    return JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  };
  const core = read(join(dir, 'OpenLineage.json'));
  const facetDir = join(dir, 'facets');
  const facets = readdirSync(facetDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => read(join(facetDir, file)) as unknown as FacetSchemaFile);
  return { core, facets, digest: hash.digest('hex') };
}

/** Every validator Quorum uses, by the schema reference it compiles: the three event kinds, then each facet. */
export function validatorRefs(files: SchemaFiles): string[] {
  return [
    ...EVENT_DEFINITIONS.map((name) => `${CORE_ID}#/$defs/${name}`),
    ...files.facets.flatMap((schema) => Object.keys(schema.properties ?? {}).map((key) => `${schema.$id}#/properties/${key}`)),
  ];
}

const EVENT_DEFINITIONS = ['RunEvent', 'JobEvent', 'DatasetEvent'] as const;

/**
 * The one ajv set-up, for compiling at run time and for generating the precompiled module.
 * strict: false because the spec's schemas use `example` and `required` inside `not`, which
 * are valid JSON Schema that ajv's strict mode flags; verbose: true gives each error its data.
 */
export function openLineageAjv(files: SchemaFiles, options: { source?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    verbose: true,
    ...(options.source ? { code: { source: true, esm: true } } : {}),
  });
  addFormats(ajv);
  // The core schema first, so the facet schemas' absolute `$ref`s resolve offline.
  ajv.addSchema(files.core);
  for (const schema of files.facets) ajv.addSchema(schema as unknown as Record<string, unknown>);
  return ajv;
}

/**
 * The validators for the bundled OpenLineage schemas (resources/openlineage/schemas), once per
 * process. Compiling them costs more than the rest of a demo workspace's start, so the build
 * ships them precompiled (generated/validators.ts, from scripts/compile-openlineage-validators.ts);
 * they are used only when the schema files are the very bytes they were built from, and
 * otherwise (someone edited or extended the schemas) each is compiled on first use.
 */
export function openLineageSchemas(resourcesDir: string): OpenLineageSchemas {
  const dir = join(resourcesDir, 'openlineage', 'schemas');
  const cached = cache.get(dir);
  if (cached) return cached;
  const files = readSchemaFiles(dir);
  const precompiled: Readonly<Record<string, ValidateFunction>> | null = files.digest === PRECOMPILED_DIGEST ? PRECOMPILED : null;
  let ajv: Ajv2020 | null = null;
  const validator = (ref: string): (() => ValidateFunction) => {
    let compiled: ValidateFunction | undefined = precompiled?.[ref];
    return () => {
      ajv ??= openLineageAjv(files);
      compiled ??= ajv.getSchema(ref);
      if (!compiled) throw new QuorumError('internal', `The OpenLineage schema ${ref} does not compile.`);
      return compiled;
    };
  };

  const facets = new Map<FacetLocation, Map<string, () => ValidateFunction>>();
  for (const schema of files.facets) {
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      const get = validator(`${schema.$id}#/properties/${key}`);
      for (const location of locationsOf(schema, property)) {
        let byKey = facets.get(location);
        if (!byKey) facets.set(location, (byKey = new Map()));
        byKey.set(key, get);
      }
    }
  }
  const definition = (name: (typeof EVENT_DEFINITIONS)[number]): ValidateFunction => validator(`${CORE_ID}#/$defs/${name}`)();
  const compiled: OpenLineageSchemas = {
    runEvent: definition('RunEvent'),
    jobEvent: definition('JobEvent'),
    datasetEvent: definition('DatasetEvent'),
    facets,
  };
  cache.set(dir, compiled);
  return compiled;
}

export interface FacetSchemaFile {
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
