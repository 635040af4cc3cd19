import { formatCount } from '../format/numbers';

export interface ProgressBarProps {
  label: string;
  done: number;
  /** null when the total is not known yet: the bar is indeterminate. */
  total: number | null;
  unit?: string;
}

/** A native progress bar with its count in words beside it ("2 of 3 looks"). */
export function ProgressBar({ label, done, total, unit }: ProgressBarProps) {
  const count =
    total === null
      ? `${formatCount(done)}${unit ? ` ${unit}` : ''}`
      : `${formatCount(done)} of ${formatCount(total)}${unit ? ` ${unit}` : ''}`;
  return (
    <div className="progress">
      <div className="progress__text">
        <span className="progress__label">{label}</span>
        <span className="progress__count">{count}</span>
      </div>
      {total === null || total === 0 ? (
        <progress className="progress__bar" aria-label={label} />
      ) : (
        <progress className="progress__bar" aria-label={label} value={Math.min(done, total)} max={total} />
      )}
    </div>
  );
}
