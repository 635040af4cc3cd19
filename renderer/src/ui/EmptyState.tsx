import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

export interface EmptyStateProps {
  title: string;
  icon?: IconName;
  /** Heading level in the page's outline: 2 for a whole screen, 3 inside a section. */
  level?: 2 | 3;
  children?: ReactNode;
  actions?: ReactNode;
}

/** An empty state that teaches: what will be here, and what the reader can do now. */
export function EmptyState({ title, icon = 'info', level = 2, children, actions }: EmptyStateProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className="empty-state" aria-label={title}>
      <Icon name={icon} className="empty-state__icon" />
      <Heading className="empty-state__title">{title}</Heading>
      {children && <div className="empty-state__body">{children}</div>}
      {actions && <div className="empty-state__actions">{actions}</div>}
    </section>
  );
}
