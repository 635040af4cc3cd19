import { cellText, type Block, type Cell, type ReportDocument } from '../document';
import { escapeMd as m } from './escape';

/**
 * Markdown from the same document the HTML template renders. Figures become their caption
 * plus a note that the vector figure is in the HTML/PDF (Markdown viewers strip inline SVG).
 */

const mark = (c: Cell): string => {
  const text = m(cellText(c));
  if (typeof c === 'string') return text;
  if (c.tone === 'bad' || c.tone === 'waived') return `**${text}**`;
  return c.mono ? `\`${cellText(c).replace(/`/g, "'")}\`` : text;
};

function block(b: Block): string {
  switch (b.kind) {
    case 'p':
      return m(b.text);
    case 'missing':
      return `> _${m(b.text)}_`;
    case 'h3':
      return `### ${m(b.text)}`;
    case 'kv':
      return ['| Field | Value |', '| --- | --- |', ...b.rows.map(([k, v]) => `| ${m(k)} | ${mark(v)} |`)].join('\n');
    case 'table':
      return [
        `| ${b.columns.map(m).join(' | ')} |`,
        `| ${b.columns.map(() => '---').join(' | ')} |`,
        ...b.rows.map((r) => `| ${r.map(mark).join(' | ')} |`),
        ...(b.caption ? ['', `_${m(b.caption)}_`] : []),
      ].join('\n');
    case 'figure':
      return `_Figure: ${m(b.caption)} (vector figure in the HTML and PDF formats)_`;
    case 'callout':
      return b.tone === 'waived' || b.tone === 'bad' ? `> **${m(b.title)}** — ${m(b.text)}` : `> **${m(b.title)}** ${m(b.text)}`;
    case 'list':
      return b.items.map((i) => `- ${m(i)}`).join('\n');
  }
}

export function renderMarkdown(doc: ReportDocument): string {
  const lines = [
    `# ${m(doc.title)}`,
    '',
    m(doc.subtitle),
    '',
    '| Field | Value |',
    '| --- | --- |',
    ...doc.cover.facts.map(([k, v]) => `| ${m(k)} | ${m(v)} |`),
    '',
    ...(doc.cover.status ? [`> ${m(doc.cover.status.text)}`, ''] : []),
    '## Contents',
    '',
    ...doc.sections.map(
      (s, i) =>
        `${i + 1}. [${m(s.title)}](#${s.id})${s.status === 'present' ? '' : ` (${s.status === 'missing' ? 'no evidence' : 'partial evidence'})`}`,
    ),
    '',
  ];
  doc.sections.forEach((s, i) => {
    lines.push(`<a id="${s.id}"></a>`, '', `## ${i + 1}. ${m(s.title)}`, '');
    for (const b of s.blocks) lines.push(block(b), '');
  });
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
