import { CONFIDENCES } from '@shared/domain/lineage';
import { StatusBadge } from '../../ui/StatusBadge';
import { CONFIDENCE_LABELS, RUN_STATE_STATUS } from './vocabulary';

const DASHES = { solid: undefined, dashed: '6 4', dotted: '1.5 3.5' } as const;

/** What line styles and node colours mean; the canvas never relies on colour alone. */
export function LineageLegend() {
  return (
    <div className="lineage-legend" aria-label="Legend">
      <ul className="lineage-legend__group" aria-label="Edge confidence">
        {CONFIDENCES.map((confidence) => {
          const meaning = CONFIDENCE_LABELS[confidence];
          return (
            <li key={confidence} title={meaning.explanation}>
              <svg className="lineage-legend__line" viewBox="0 0 32 8" aria-hidden="true">
                <line x1="1" y1="4" x2="31" y2="4" strokeDasharray={DASHES[meaning.line]} strokeLinecap="round" />
              </svg>
              {meaning.label}
            </li>
          );
        })}
      </ul>
      <ul className="lineage-legend__group" aria-label="Run state">
        {(['completed', 'running', 'failed', 'aborted'] as const).map((state) => (
          <li key={state} title={RUN_STATE_STATUS[state].explanation}>
            <StatusBadge tone={RUN_STATE_STATUS[state].tone} label={RUN_STATE_STATUS[state].label} />
          </li>
        ))}
      </ul>
      <p className="lineage-legend__shapes">
        Shapes: rounded square dataset, square job, circle run, diamond model version, triangle deployment, pin code commit.
      </p>
    </div>
  );
}
