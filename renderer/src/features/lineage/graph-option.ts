import type { EChartsCoreOption } from 'echarts/core';
import type { LineageNodeKind, RunState } from '@shared/domain/lineage';
import type { ViewGraph } from './graph-model';
import type { Point } from './layout';
import { CONFIDENCE_LABELS, KIND_LABELS, KIND_SYMBOLS, RUN_STATE_STATUS } from './vocabulary';

/** Colours resolved from the CSS tokens (see readLineageTheme), so the canvas follows the theme. */
export interface LineageTheme {
  text: string;
  textMuted: string;
  surface: string;
  border: string;
  edge: string;
  accent: string;
  status: Record<'ok' | 'warning' | 'danger' | 'unknown', { fill: string; stroke: string }>;
  fontFamily: string;
  fontSize: number;
  /** Which theme these colours were read for ('light' | 'dark'), when known. */
  scheme?: string;
}

export interface GraphOptionInput {
  view: ViewGraph;
  positions: ReadonlyMap<number, Point>;
  rootId: number;
  selectedId: number | null;
  /** The highlighted path from the selected node to the root; everything else is dimmed. */
  path: { nodes: ReadonlySet<number>; edges: ReadonlySet<string> } | null;
  theme: LineageTheme;
}

/** Beyond this many nodes labels only show on hover, so a 2,000-node graph stays legible and fast. */
export const LABEL_LIMIT = 300;

const KIND_SIZES: Record<LineageNodeKind, number> = {
  dataset: 16,
  dataset_version: 12,
  job: 16,
  run: 11,
  model_version: 20,
  deployment: 18,
  code_commit: 14,
  column: 8,
};

function nodeColours(theme: LineageTheme, kind: LineageNodeKind, state: RunState | null): { fill: string; stroke: string } {
  if (state) {
    const tone = RUN_STATE_STATUS[state].tone;
    return theme.status[tone === 'waived' ? 'danger' : tone];
  }
  if (kind === 'model_version' || kind === 'deployment') return { fill: theme.accent, stroke: theme.accent };
  return { fill: theme.surface, stroke: theme.textMuted };
}

/** The ECharts option: a graph series with fixed positions (layout: 'none'), pan and zoom. */
export function buildGraphOption({ view, positions, rootId, selectedId, path, theme }: GraphOptionInput): EChartsCoreOption {
  const showLabels = view.nodes.length <= LABEL_LIMIT;
  const dim = (on: boolean) => (path && !on ? 0.18 : 1);
  const data = view.nodes.map((node) => {
    const at = positions.get(node.id) ?? { x: 0, y: 0 };
    const colours = nodeColours(theme, node.kind, node.state);
    const emphasised = node.id === selectedId || node.id === rootId;
    return {
      id: String(node.id),
      name: node.label,
      x: at.x,
      y: at.y,
      symbol: KIND_SYMBOLS[node.kind],
      symbolSize: KIND_SIZES[node.kind] + (emphasised ? 6 : 0),
      itemStyle: {
        color: colours.fill,
        borderColor: node.id === selectedId ? theme.text : colours.stroke,
        borderWidth: emphasised ? 3 : 1.5,
        opacity: dim(path?.nodes.has(node.id) ?? true),
      },
      // Run labels are ids, not words: shown on hover and when selected, so names stay legible.
      label: { show: emphasised || (showLabels && node.kind !== 'run'), opacity: dim(path?.nodes.has(node.id) ?? true) },
      // Read back by the tooltip formatter.
      value: KIND_LABELS[node.kind] + (node.state ? ` · ${RUN_STATE_STATUS[node.state].label}` : ''),
    };
  });
  const links = view.edges.map((edge) => {
    const onPath = path?.edges.has(edge.key) ?? true;
    return {
      source: String(edge.from),
      target: String(edge.to),
      lineStyle: {
        type: CONFIDENCE_LABELS[edge.confidence].line,
        color: path && onPath ? theme.accent : theme.edge,
        width: path && onPath ? 2.5 : 1.2,
        opacity: dim(onPath),
      },
    };
  });
  return {
    animation: false,
    textStyle: { fontFamily: theme.fontFamily, fontSize: theme.fontSize },
    tooltip: {
      trigger: 'item',
      confine: true,
      backgroundColor: theme.surface,
      borderColor: theme.border,
      textStyle: { color: theme.text, fontFamily: theme.fontFamily, fontSize: theme.fontSize },
      formatter: (params: { dataType?: string; name?: string; value?: unknown }) =>
        params.dataType === 'node' ? `${escapeHtml(params.name ?? '')}<br/>${escapeHtml(String(params.value ?? ''))}` : '',
    },
    series: [
      {
        type: 'graph',
        layout: 'none',
        roam: true,
        scaleLimit: { min: 0.05, max: 6 },
        draggable: false,
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 7,
        label: {
          position: 'right',
          color: theme.text,
          fontFamily: theme.fontFamily,
          fontSize: theme.fontSize,
          width: 150,
          overflow: 'truncate',
        },
        labelLayout: { hideOverlap: true },
        emphasis: { focus: 'adjacency', label: { show: true } },
        data,
        links,
      },
    ],
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const TOKENS = {
  text: '--color-text',
  textMuted: '--color-text-muted',
  surface: '--color-surface',
  border: '--color-border',
  edge: '--color-border-strong',
  accent: '--color-accent',
} as const;

/** Resolves the theme's tokens through a probe element: the stylesheet's light-dark() values stay unresolved in custom properties. */
export function readLineageTheme(root: HTMLElement = document.body): LineageTheme {
  const probe = document.createElement('span');
  probe.hidden = true;
  root.append(probe);
  const resolve = (token: string): string => {
    probe.style.color = `var(${token})`;
    return getComputedStyle(probe).color;
  };
  const colours = Object.fromEntries(Object.entries(TOKENS).map(([name, token]) => [name, resolve(token)])) as Record<
    keyof typeof TOKENS,
    string
  >;
  const tone = (name: 'ok' | 'warning' | 'danger' | 'unknown') => ({
    fill: resolve(`--status-${name}-bg`),
    stroke: resolve(`--status-${name}-text`),
  });
  const status = { ok: tone('ok'), warning: tone('warning'), danger: tone('danger'), unknown: tone('unknown') };
  probe.remove();
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  return { ...colours, status, fontFamily: getComputedStyle(root).fontFamily, fontSize: Math.round(rem * 0.75) };
}
