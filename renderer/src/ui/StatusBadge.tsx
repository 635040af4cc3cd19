import { Icon, type IconName } from './Icon';

/** The one status palette (UX.md): never colour alone, every tone has its icon and a word. */
export type StatusTone = 'ok' | 'warning' | 'danger' | 'waived' | 'unknown';

const TONE_ICONS: Record<StatusTone, IconName> = {
  ok: 'checkCircle',
  warning: 'clock',
  danger: 'xCircle',
  waived: 'shieldOff',
  unknown: 'minusCircle',
};

export interface StatusBadgeProps {
  tone: StatusTone;
  label: string;
  /** Overrides the tone's icon, e.g. an alert triangle for a warning that is not "pending". */
  icon?: IconName;
  size?: 'md' | 'lg';
  /** id of an element that explains this status, for assistive technology. */
  describedBy?: string;
}

export function StatusBadge({ tone, label, icon, size = 'md', describedBy }: StatusBadgeProps) {
  return (
    <span className={`status status--${tone} status--${size}`} aria-describedby={describedBy}>
      <Icon name={icon ?? TONE_ICONS[tone]} />
      <span>{label}</span>
    </span>
  );
}
