import { Option, type Command } from 'commander';
import type { OperationOutput } from '@shared/contract';
import type { LineageReceiverStatus } from '@shared/contract/lineage.contract';
import type { IdentityRules, LineageEdge, LineageGraph, LineageImportResult, LineageNode } from '@shared/domain/lineage';
import type { Core } from '../../core/create-core';
import { isQuorumError } from '../../core/errors';
import { lineageContext } from '../../core/lineage/context';
import { importLineage } from '../../core/lineage/import';
import type { CommandContext } from '../context';
import { CliFailure, EXIT, exitCodeFor } from '../io';
import type { CommandRunner } from '../program';
import { table } from '../table';

interface ShowOptions {
  upstream?: boolean;
  downstream?: boolean;
  depth: string;
  asOf?: string;
  columns?: boolean;
  maxNodes: string;
}

const RULE_NAMES = { digest: 'digestMatchesVersion', 'source-uri': 'sourceUriMatchesDataset', name: 'nameMatchesDataset' } as const;
type RuleName = keyof typeof RULE_NAMES;

export function registerLineage(program: Command, run: CommandRunner): void {
  const lineage = program.commands.find((c) => c.name() === 'lineage') ?? program.command('lineage').description('lineage commands');

  lineage
    .command('ingest <paths...>')
    .description('Ingest OpenLineage files (JSON, JSON array, JSON Lines) and DVC projects (dvc.yaml + dvc.lock); directories are walked.')
    .action(
      run(async (context, _options: object, ...paths: string[]) => {
        const result = importPaths(context, paths);
        context.result(result, () => renderImport(result));
        return result.rejected > 0 || result.failedFiles > 0 ? EXIT.usage : EXIT.ok;
      }),
    );

  lineage
    .command('show <node>')
    .description('Show lineage of MODEL@VERSION, MODEL@ALIAS, dataset:NS:NAME[@VERSION], job:NS:NAME, run:ID or commit:SHA.')
    .option('--upstream', 'walk upstream (where it came from)')
    .option('--downstream', 'walk downstream (what it feeds)')
    .option('--depth <n>', 'how many hops', '5')
    .option('--as-of <date-time>', 'the graph as it was at this moment (ISO 8601)')
    .option('--columns', 'include column-level lineage')
    .option('--max-nodes <n>', 'stop after this many nodes', '2000')
    .action(
      run(async (context, options: ShowOptions, node: string) => {
        const direction =
          options.upstream && !options.downstream ? 'upstream' : options.downstream && !options.upstream ? 'downstream' : 'both';
        const graph = await context.call('lineage.graph', {
          node,
          direction,
          depth: wholeNumber(options.depth, '--depth', 1, 50),
          maxNodes: wholeNumber(options.maxNodes, '--max-nodes', 1, 20_000),
          includeColumns: options.columns === true,
          ...(options.asOf ? { asOf: isoTime(options.asOf) } : {}),
        });
        context.result(graph, () => renderGraph(graph));
        return EXIT.ok;
      }),
    );

  lineage
    .command('impact <dataset>')
    .description('Which model versions and deployments consumed a dataset (any version, or --version).')
    .option('--version <version>', 'only this dataset version (content hash, digest or version facet)')
    .option('--as-of <date-time>', 'as the graph was at this moment (ISO 8601)')
    .action(
      run(async (context, options: { version?: string; asOf?: string }, dataset: string) => {
        const impact = await context.call('lineage.impact', {
          dataset,
          ...(options.version ? { version: options.version } : {}),
          ...(options.asOf ? { asOf: isoTime(options.asOf) } : {}),
        });
        context.result(impact, () => renderImpact(impact));
        return EXIT.ok;
      }),
    );

  lineage
    .command('path <from> <to>')
    .description('The shortest lineage path between two nodes. Exit 1 when they are not connected.')
    .option('--as-of <date-time>', 'as the graph was at this moment (ISO 8601)')
    .action(
      run(async (context, options: { asOf?: string }, from: string, to: string) => {
        const path = await context.call('lineage.path', { from, to, ...(options.asOf ? { asOf: isoTime(options.asOf) } : {}) });
        context.result(path, () =>
          path.found
            ? path.nodes.map((n, i) => `${i === 0 ? '  ' : path.direction === 'downstream' ? '→ ' : '← '}${describeNode(n)}`).join('\n')
            : `No lineage path between ${from} and ${to}.`,
        );
        return path.found ? EXIT.ok : EXIT.negative;
      }),
    );

  lineage
    .command('rejected')
    .description('Events the receiver or an import refused, with the reasons.')
    .option('--limit <n>', 'how many, newest first', '50')
    .action(
      run(async (context, options: { limit: string }) => {
        const list = await context.call('lineage.rejected', { limit: wholeNumber(options.limit, '--limit', 1, 1_000), offset: 0 });
        context.result(list, () =>
          list.total === 0
            ? 'No rejected lineage events.'
            : table(
                ['LAST SEEN', 'TIMES', 'SOURCE', 'REASON'],
                list.items.map((r) => [
                  new Date(r.lastReceivedAt).toISOString(),
                  String(r.times),
                  `${r.source} ${r.sourceRef}`.slice(0, 60),
                  r.reasons.map((x) => x.message).join(' '),
                ]),
              ) + `\n${list.total} rejected`,
        );
        return EXIT.ok;
      }),
    );

  lineage
    .command('rules')
    .description('Show or change the identity rules that link MLflow datasets to OpenLineage and DVC datasets.')
    .addOption(new Option('--enable <rule>', 'turn a rule on').choices(Object.keys(RULE_NAMES)))
    .addOption(new Option('--disable <rule>', 'turn a rule off').choices(Object.keys(RULE_NAMES)))
    .action(
      run(async (context, options: { enable?: RuleName; disable?: RuleName }) => {
        let rules: IdentityRules = await context.call('lineage.rules.get', {});
        let inferred: number | null = null;
        if (options.enable || options.disable) {
          const next = structuredClone(rules);
          if (options.enable) next[RULE_NAMES[options.enable]].enabled = true;
          if (options.disable) next[RULE_NAMES[options.disable]].enabled = false;
          const saved = await context.call('lineage.rules.set', next);
          rules = saved.rules;
          inferred = saved.inferredEdges;
        }
        context.result(inferred === null ? rules : { rules, inferredEdges: inferred }, () =>
          [
            `digest       ${rules.digestMatchesVersion.enabled ? 'on ' : 'off'}  MLflow digest = OpenLineage version facet or DVC hash${rules.digestMatchesVersion.allowPrefix ? ` (prefix of ≥ ${rules.digestMatchesVersion.minPrefixLength} characters allowed)` : ''}`,
            `source-uri   ${rules.sourceUriMatchesDataset.enabled ? 'on ' : 'off'}  MLflow dataset source URI = dataset location`,
            `name         ${rules.nameMatchesDataset.enabled ? 'on ' : 'off'}  same dataset name`,
            ...(inferred === null ? [] : [`${inferred} inferred edges now.`]),
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );

  registerReceiver(lineage, run);
}

/**
 * Reads files and folders in the CLI's own process: path import is not an operation, so no
 * remote caller can make the core read the machine's files (see lineage.import).
 */
function importPaths(context: CommandContext, paths: string[]): LineageImportResult {
  try {
    return importLineage(lineageContext(context.openCore().services), { paths, documents: [] });
  } catch (error) {
    if (isQuorumError(error)) throw new CliFailure(exitCodeFor(error.code), error.message, error.toInfo());
    throw error;
  }
}

/**
 * Hosts the workspace's OpenLineage receiver in `quorum serve`: as the workspace settings say
 * (Settings › Lineage receiver, `quorum lineage receiver`), or, with --lineage-port, on that port
 * and serve's host for this process whatever the settings say. The key is the workspace's, from
 * this machine's secret store — made and printed once when there is none — or
 * QUORUM_LINEAGE_API_KEY. A receiver the settings ask for but that cannot start is a warning
 * (serve keeps serving); one asked for with --lineage-port is an error, as before.
 */
export async function startServeReceiver(
  context: CommandContext,
  core: Core,
  host: string,
  portText: string | undefined,
): Promise<LineageReceiverStatus> {
  const port = portText === undefined ? null : wholeNumber(portText, '--lineage-port', 0, 65_535);
  const fromEnv = context.io.env.QUORUM_LINEAGE_API_KEY?.trim();
  if (fromEnv !== undefined && fromEnv !== '' && fromEnv.length < 16) {
    throw new CliFailure(EXIT.usage, 'QUORUM_LINEAGE_API_KEY must be at least 16 characters.');
  }
  const { status, generatedKey } = await core.lineageReceiver.start({
    ...(port === null ? {} : { override: { host, port } }),
    ...(fromEnv ? { apiKey: fromEnv } : {}),
    createMissingKey: true,
  });
  if (status.state === 'failed') {
    if (port !== null) throw new CliFailure(EXIT.usage, status.lastError ?? `Cannot start the lineage receiver on ${host}:${port}.`);
    context.message(`Warning: ${status.lastError ?? 'the lineage receiver did not start.'}`);
    return status;
  }
  if (status.state !== 'listening' || status.url === null) return status;
  context.message(`Lineage receiver at ${status.endpoint ?? status.url} — point pipelines at OPENLINEAGE_URL=${status.url}`);
  context.message(
    fromEnv
      ? 'Its API key is the one in QUORUM_LINEAGE_API_KEY.'
      : generatedKey !== null
        ? `Its API key (shown once; make a new one with \`quorum lineage receiver --rotate-key\`): OPENLINEAGE_API_KEY=${generatedKey}`
        : `Its API key is this workspace's (${status.key.hint ?? 'stored'}); make a new one with \`quorum lineage receiver --rotate-key\` or in Settings › Lineage receiver.`,
  );
  return status;
}

interface ReceiverCommandOptions {
  enable?: boolean;
  disable?: boolean;
  host?: string;
  port?: string;
  allowNonLoopback?: boolean;
  rotateKey?: boolean;
}

/** `quorum lineage receiver`: the same operations as Settings › Lineage receiver. */
function registerReceiver(lineage: Command, run: CommandRunner): void {
  lineage
    .command('receiver')
    .description('Show or change the OpenLineage receiver (POST /api/v1/lineage) the desktop app and quorum serve run for this workspace.')
    .option('--enable', 'run the receiver (a new API key is made and shown once if there is none)')
    .option('--disable', 'stop running the receiver')
    .option('--host <host>', 'address to listen on (loopback unless --allow-non-loopback)')
    .option('--port <port>', 'port to listen on')
    .option('--allow-non-loopback', 'allow a --host other machines can reach; the key then crosses the network in plain HTTP')
    .option('--rotate-key', 'make a new API key, shown once; the old one stops working')
    .action(
      run(async (context, options: ReceiverCommandOptions) => {
        if (options.enable && options.disable) throw new CliFailure(EXIT.usage, 'Give --enable or --disable, not both.');
        const change = {
          ...(options.enable ? { enabled: true } : options.disable ? { enabled: false } : {}),
          ...(options.host !== undefined ? { host: options.host } : {}),
          ...(options.port !== undefined ? { port: wholeNumber(options.port, '--port', 0, 65_535) } : {}),
          ...(options.allowNonLoopback ? { allowNonLoopback: true } : {}),
        };
        let status: LineageReceiverStatus;
        let apiKey: string | null = null;
        if (Object.keys(change).length > 0) ({ status, apiKey } = await context.call('lineage.receiver.configure', change));
        else status = await context.call('lineage.receiver.status', {});
        if (options.rotateKey) ({ status, apiKey } = await context.call('lineage.receiver.rotateKey', {}));
        context.result(apiKey === null ? status : { ...status, apiKey }, () => renderReceiver(status, apiKey));
        return EXIT.ok;
      }),
    );
}

function renderReceiver(status: LineageReceiverStatus, apiKey: string | null): string {
  const { settings } = status;
  const address = `${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${settings.port}`;
  const lines = [
    `Receiver   ${settings.enabled ? 'enabled' : 'disabled'} on ${address}${settings.allowNonLoopback ? ' (non-loopback allowed)' : ''}`,
    `API key    ${status.key.present ? `${status.key.hint ?? 'set'}, kept in ${status.key.storedIn}` : 'none yet'}`,
  ];
  // A one-shot command hosts nothing: say where it runs rather than "not running".
  if (status.state === 'not-hosted')
    lines.push('Runs in the desktop app and `quorum serve` of this workspace; changes apply when they next start.');
  else if (status.state !== 'disabled') lines.push(`State      ${status.state}${status.url ? ` at ${status.url}` : ''}`);
  if (status.lastError) lines.push(`Error      ${status.lastError}`);
  if (apiKey !== null) {
    lines.push('', 'New API key (shown once; copy it now):', `  OPENLINEAGE_URL=http://${address}`, `  OPENLINEAGE_API_KEY=${apiKey}`);
  }
  return lines.join('\n');
}

function renderImport(result: LineageImportResult): string {
  const lines: string[] = [];
  for (const f of result.files) {
    if (f.error) {
      lines.push(`✗ ${f.path}: ${f.error}`);
      continue;
    }
    const what =
      f.format === 'dvc'
        ? `${f.accepted} stage run${f.accepted === 1 ? '' : 's'}`
        : `${f.accepted} accepted, ${f.duplicates} already known`;
    lines.push(`${f.rejected.length > 0 ? '!' : '✓'} ${f.path}: ${what}${f.rejected.length > 0 ? `, ${f.rejected.length} rejected` : ''}`);
    for (const r of f.rejected) lines.push(`    rejected ${r.ref}: ${r.reasons.map((x) => x.message).join(' ')}`);
    const warnings = f.warnings.reduce((n, w) => n + w.issues.length, 0);
    if (warnings > 0) lines.push(`    ${warnings} warning${warnings === 1 ? '' : 's'} (see --json)`);
  }
  lines.push(
    `${result.accepted} events accepted, ${result.duplicates} duplicates, ${result.rejected} rejected, ${result.failedFiles} files failed.`,
  );
  return lines.join('\n');
}

function renderGraph(graph: LineageGraph): string {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const lines = [describeNode(graph.root)];
  for (const direction of graph.direction === 'both' ? (['upstream', 'downstream'] as const) : [graph.direction]) {
    const tree = treeLines(graph.root.id, graph.edges, byId, direction);
    lines.push(`${direction} (depth ${graph.depth}${graph.asOf !== null ? `, as of ${new Date(graph.asOf).toISOString()}` : ''}):`);
    lines.push(...(tree.length > 0 ? tree : ['  (nothing)']));
  }
  if (graph.truncated) lines.push(`Stopped at ${graph.nodes.length} nodes; raise --max-nodes or lower --depth.`);
  for (const cycle of graph.cycles) lines.push(`Cycle: ${cycle.map((id) => byId.get(id)?.label ?? id).join(' → ')}`);
  return lines.join('\n');
}

/**
 * A tree of first discovery: each node is printed once, under a neighbour one hop nearer the
 * root. Orientation comes from depth, not edge direction: version_of is walked both ways.
 */
function treeLines(rootId: number, edges: LineageEdge[], byId: Map<number, LineageNode>, direction: 'upstream' | 'downstream'): string[] {
  const depth = (id: number) => byId.get(id)?.depth ?? Number.POSITIVE_INFINITY;
  const children = new Map<number, { edge: LineageEdge; child: number }[]>();
  for (const e of edges) {
    const [near, far] = depth(e.from) < depth(e.to) ? [e.from, e.to] : depth(e.to) < depth(e.from) ? [e.to, e.from] : [null, null];
    if (near === null || far === null) continue;
    // Keep only edges that lead the way this section walks (or version_of, which is walked both ways).
    const forward = direction === 'upstream' ? e.to === near : e.from === near;
    if (!forward && e.kind !== 'version_of') continue;
    const list = children.get(near);
    if (list) list.push({ edge: e, child: far });
    else children.set(near, [{ edge: e, child: far }]);
  }
  const seen = new Set<number>([rootId]);
  const lines: string[] = [];
  const visit = (id: number, prefix: string) => {
    const next = (children.get(id) ?? []).filter(({ child }) => !seen.has(child));
    next.forEach(({ child }) => seen.add(child));
    next.forEach(({ edge, child: childId }, i) => {
      const child = byId.get(childId);
      if (!child) return;
      const last = i === next.length - 1;
      const confidence = edge.confidence === 'observed' ? '' : ` (${edge.confidence})`;
      lines.push(`${prefix}${last ? '└─' : '├─'} ${edge.kind}${confidence} ${direction === 'upstream' ? '←' : '→'} ${describeNode(child)}`);
      visit(childId, `${prefix}${last ? '   ' : '│  '}`);
    });
  };
  visit(rootId, '  ');
  return lines;
}

function describeNode(node: LineageNode): string {
  const state = node.run ? `  [${node.run.state}]` : '';
  return `${node.label}${state}  ${node.ref}`;
}

function renderImpact(impact: OperationOutput<'lineage.impact'>): string {
  const lines = [`Impact of ${impact.dataset.ref}${impact.version ? ` version ${impact.version}` : ' (any version)'}:`];
  const section = (title: string, hits: typeof impact.modelVersions) => {
    lines.push(`${title}:`);
    if (hits.length === 0) lines.push('  none');
    for (const h of hits) lines.push(`  ${h.node.label}  ${h.certainty}, ${h.confidence}, ${h.distance} hops  ${h.node.ref}`);
  };
  section('Model versions', impact.modelVersions);
  section('Deployments', impact.deployments);
  if (impact.truncated) lines.push('The walk was cut short; the lists may be incomplete.');
  return lines.join('\n');
}

function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new CliFailure(EXIT.usage, `${flag} must be a whole number from ${min} to ${max}, not "${text}".`);
  return value;
}

function isoTime(text: string): string {
  if (Number.isNaN(Date.parse(text))) throw new CliFailure(EXIT.usage, `--as-of must be an ISO 8601 date-time, not "${text}".`);
  return text;
}
