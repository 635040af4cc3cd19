import { useId, useState, type ReactNode } from 'react';
import { Icon } from './Icon';

/**
 * A small "i" button whose explanation shows on hover and on keyboard focus, and hides on
 * Escape; the text is also its accessible description.
 */
export function InfoTip({ label, children }: { label: string; children: ReactNode }) {
  const id = useId();
  const [dismissed, setDismissed] = useState(false);
  return (
    <span className={dismissed ? 'tooltip tooltip--dismissed' : 'tooltip'} onMouseLeave={() => setDismissed(false)}>
      <button
        type="button"
        className="tooltip__trigger"
        aria-label={label}
        aria-describedby={id}
        onBlur={() => setDismissed(false)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setDismissed(true);
        }}
      >
        <Icon name="info" />
      </button>
      <span role="tooltip" id={id} className="tooltip__bubble">
        {children}
      </span>
    </span>
  );
}
