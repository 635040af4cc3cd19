import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { lineageOperations } from '@shared/contract/lineage.contract';
import { QuorumError } from '../errors';
import type { Handlers } from '../rpc/handler';
import type { CoreServices } from '../services';
import { lineageContext } from './context';
import { readRules, writeRules } from './identity/rules';
import { importLineage } from './import';
import { nodeDetail, rejectedEvents, searchNodes, summary } from './query/detail';
import { lineageGraph } from './query/graph';
import { impactOf } from './query/impact';
import { pathBetween } from './query/path';
import { resolveNode } from './query/resolve';
import { loadNodes } from './query/rows';
import type { LineageReceiverHost } from './receiver/host';

export function lineageHandlers(services: CoreServices, receiver: LineageReceiverHost): Pick<Handlers, keyof typeof lineageOperations> {
  const ctx = lineageContext(services);
  const { db } = ctx;
  // Every read first brings the MLflow join and the identity rules up to date (cheap when nothing changed).
  const fresh = <T>(read: () => T): T => {
    ctx.refresh();
    return read();
  };
  return {
    'lineage.graph': (input) =>
      fresh(() =>
        lineageGraph(db, {
          root: resolveNode(db, input.node),
          direction: input.direction,
          depth: input.depth,
          asOf: input.asOf ?? null,
          includeColumns: input.includeColumns,
          maxNodes: input.maxNodes,
        }),
      ),
    'lineage.node': ({ node }) => fresh(() => nodeDetail(db, resolveNode(db, node))),
    'lineage.impact': ({ dataset, version, asOf }) => fresh(() => impactOf(db, resolveNode(db, dataset), version ?? null, asOf ?? null)),
    'lineage.path': ({ from, to, asOf, includeColumns }) =>
      fresh(() => pathBetween(db, resolveNode(db, from), resolveNode(db, to), asOf ?? null, includeColumns)),
    'lineage.search': ({ query, kind, limit }) => fresh(() => loadNodes(db, searchNodes(db, query, kind, limit))),
    'lineage.import': ({ paths, documents }) =>
      importLineage(ctx, { paths: paths.map((path) => insideResources(services.resourcesDir, path)), documents }),
    'lineage.rejected': ({ limit, offset }) => rejectedEvents(db, limit, offset),
    'lineage.summary': () => fresh(() => summary(db)),
    'lineage.rules.get': () => readRules(db),
    'lineage.rules.set': (rules) => {
      ctx.refresh();
      const inferredEdges = writeRules(db, rules, services.now());
      ctx.announce();
      return { rules: readRules(db), inferredEdges };
    },
    'lineage.receiver.status': () => receiver.status(),
    'lineage.receiver.configure': (input) => receiver.configure(input),
    'lineage.receiver.rotateKey': () => receiver.rotateKey(),
  };
}

/**
 * A path an operation may read: inside the bundled resources, after resolving `..` and symlinks.
 * Anything else is the CLI's to read (see the lineage.import contract).
 */
function insideResources(resourcesDir: string, path: string): string {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  const root = real(resourcesDir);
  const target = real(resolve(root, path));
  const within = relative(root, target);
  if (within === '' || (!within.startsWith('..') && !isAbsolute(within))) return target;
  throw new QuorumError(
    'forbidden',
    `lineage.import reads only Quorum's bundled resources; import ${path} with \`quorum lineage ingest\` or drop the file instead.`,
    { path },
  );
}
