import { escapeXml } from './escape';

/**
 * Hand-drawn SVG charts for reports: vector in the PDF, no script, no external request.
 * Kept to two shapes a reader needs: metrics of this version beside the previous approved one,
 * and drift share over time against its threshold.
 */

const CURRENT = '#2f5d9b';
const PREVIOUS = '#a8adb6';
const FONT = 'font-family="Helvetica, Arial, sans-serif"';

function fmt(value: number): string {
  return Math.abs(value) >= 1000 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(2) : value.toFixed(4);
}

/** Paired horizontal bars per metric, each metric scaled to its own maximum (metrics have different units). */
export function metricsComparisonSvg(
  rows: { key: string; current: number | null; previous: number | null }[],
  labels: { current: string; previous: string },
): string {
  const rowH = 30;
  const labelW = 150;
  const barW = 360;
  const width = labelW + barW + 80;
  const height = rows.length * rowH + 34;
  const parts: string[] = [];
  rows.forEach((row, i) => {
    const y = 8 + i * rowH;
    const max = Math.max(Math.abs(row.current ?? 0), Math.abs(row.previous ?? 0)) || 1;
    parts.push(`<text x="0" y="${y + 15}" font-size="10">${escapeXml(row.key)}</text>`);
    const bar = (value: number | null, dy: number, color: string) => {
      if (value === null) return `<text x="${labelW}" y="${y + dy + 8}" font-size="8" fill="#777">no value</text>`;
      const w = Math.max(1, (Math.abs(value) / max) * barW);
      return `<rect x="${labelW}" y="${y + dy}" width="${w.toFixed(1)}" height="10" fill="${color}"/><text x="${labelW + w + 4}" y="${y + dy + 9}" font-size="8.5">${fmt(value)}</text>`;
    };
    parts.push(bar(row.current, 2, CURRENT), bar(row.previous, 14, PREVIOUS));
  });
  const ly = height - 14;
  parts.push(
    `<rect x="${labelW}" y="${ly}" width="10" height="8" fill="${CURRENT}"/><text x="${labelW + 14}" y="${ly + 8}" font-size="9">${escapeXml(labels.current)}</text>`,
    `<rect x="${labelW + 150}" y="${ly}" width="10" height="8" fill="${PREVIOUS}"/><text x="${labelW + 164}" y="${ly + 8}" font-size="9">${escapeXml(labels.previous)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px" role="img" aria-label="Metrics compared with the previous approved version" ${FONT}>${parts.join('')}</svg>`;
}

/** Drift share per result over time, with the dataset-drift threshold as a dashed line. */
export function driftHistorySvg(points: { at: number; share: number; drift: boolean }[], threshold: number): string {
  const width = 560;
  const height = 170;
  const left = 36;
  const right = 10;
  const top = 10;
  const bottom = 30;
  const sorted = [...points].sort((a, b) => a.at - b.at);
  const t0 = sorted[0]?.at ?? 0;
  const t1 = sorted.at(-1)?.at ?? t0 + 1;
  const span = t1 - t0 || 1;
  const x = (t: number) => left + ((t - t0) / span) * (width - left - right);
  const y = (v: number) => top + (1 - v) * (height - top - bottom);
  const parts: string[] = [];
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e5e8"/><text x="${left - 4}" y="${y(v) + 3}" font-size="8" text-anchor="end">${v}</text>`,
    );
  }
  parts.push(
    `<line x1="${left}" x2="${width - right}" y1="${y(threshold)}" y2="${y(threshold)}" stroke="#b3261e" stroke-dasharray="5 3"/><text x="${width - right}" y="${y(threshold) - 3}" font-size="8" fill="#b3261e" text-anchor="end">threshold ${threshold}</text>`,
  );
  if (sorted.length > 1) {
    parts.push(
      `<polyline fill="none" stroke="#2f5d9b" stroke-width="1.5" points="${sorted.map((p) => `${x(p.at).toFixed(1)},${y(p.share).toFixed(1)}`).join(' ')}"/>`,
    );
  }
  for (const p of sorted)
    parts.push(`<circle cx="${x(p.at).toFixed(1)}" cy="${y(p.share).toFixed(1)}" r="2.2" fill="${p.drift ? '#b3261e' : '#2f5d9b'}"/>`);
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  parts.push(
    `<text x="${left}" y="${height - 10}" font-size="8">${day(t0)}</text><text x="${width - right}" y="${height - 10}" font-size="8" text-anchor="end">${day(t1)}</text>`,
    `<text x="${(left + width) / 2}" y="${height - 10}" font-size="8" text-anchor="middle">share of drifted features per result (red: dataset drift)</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px" role="img" aria-label="Drift share over time" ${FONT}>${parts.join('')}</svg>`;
}
