import type { PreviewBlock, PreviewCell, ReportPreview } from '@shared/domain/reports';
import { StatusBadge, type StatusTone } from '../../ui/StatusBadge';
import { Icon } from '../../ui/Icon';
import { SECTION_STATUS } from './labels';

const CELL_TONE: Record<string, StatusTone | undefined> = {
  ok: 'ok',
  warn: 'warning',
  bad: 'danger',
  waived: 'waived',
  unknown: 'unknown',
};

/**
 * The report as the core would write it, drawn with the app's own components: the same
 * sections and words as the HTML and PDF, without loading the report's HTML into the app.
 */
export function ReportDocumentView({ preview, headingLevel = 3 }: { preview: ReportPreview; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="report-doc" aria-label={`Preview: ${preview.title}`}>
      <header className="report-doc__header">
        <Heading className="report-doc__title">{preview.title}</Heading>
        <p className="muted">{preview.subtitle}</p>
      </header>
      {preview.sections.map((section) => {
        const status = SECTION_STATUS[section.status];
        return (
          <section key={section.id} className="report-doc__section" aria-labelledby={`report-doc-${section.id}`}>
            <div className="report-doc__section-head">
              <h4 id={`report-doc-${section.id}`}>{section.title}</h4>
              <StatusBadge tone={status.tone} label={status.label} icon={status.icon} />
            </div>
            {section.blocks.map((block, index) => (
              <Block key={index} block={block} />
            ))}
          </section>
        );
      })}
    </article>
  );
}

function Block({ block }: { block: PreviewBlock }) {
  switch (block.kind) {
    case 'p':
      return <p>{block.text}</p>;
    case 'missing':
      return (
        <p className="report-doc__missing">
          <Icon name="minusCircle" /> {block.text}
        </p>
      );
    case 'h3':
      return <h5 className="report-doc__subheading">{block.text}</h5>;
    case 'kv':
      return (
        <dl className="key-values">
          {block.rows.map(([label, value], index) => (
            <div key={`${label}-${index}`} className="key-values__item">
              <dt>{label}</dt>
              <dd>
                <Cell cell={value} />
              </dd>
            </div>
          ))}
        </dl>
      );
    case 'table':
      return (
        <div className="report-doc__table">
          <table className="table table--compact">
            {block.caption && <caption>{block.caption}</caption>}
            <thead>
              <tr>
                {block.columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) => (
                    <td key={c}>
                      <Cell cell={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'figure':
      return <p className="report-doc__figure">Figure in the written report: {block.caption}</p>;
    case 'callout': {
      const tone = CELL_TONE[block.tone];
      return (
        <div className="report-doc__callout">
          {tone ? <StatusBadge tone={tone} label={block.title} /> : <strong>{block.title}</strong>}
          <p>{block.text}</p>
        </div>
      );
    }
    case 'list':
      return (
        <ul className="report-doc__list">
          {block.items.map((item, index) => (
            <li key={index}>{item}</li>
          ))}
        </ul>
      );
  }
}

function Cell({ cell }: { cell: PreviewCell }) {
  if (typeof cell === 'string') return <>{cell}</>;
  const tone = cell.tone ? CELL_TONE[cell.tone] : undefined;
  // The report's text carries its own ✓/✗ for paper; the badge already has an icon.
  if (tone) return <StatusBadge tone={tone} label={cell.text.replace(/^[✓✗]\s*/u, '')} />;
  return cell.mono ? <code className="code wrap-anywhere">{cell.text}</code> : <>{cell.text}</>;
}
