import type { ReactNode } from 'react';
import { Link } from 'wouter';

export interface Crumb {
  label: string;
  href: string;
}

export function Breadcrumbs({ items }: { items: readonly Crumb[] }) {
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        {items.map((crumb) => (
          <li key={crumb.href}>
            <Link href={crumb.href}>{crumb.label}</Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}

export interface PageHeaderProps {
  title: ReactNode;
  description?: ReactNode;
  crumbs?: readonly Crumb[];
  actions?: ReactNode;
  children?: ReactNode;
}

/** The top of every screen: where you are, its one h1, and what you can do here. */
export function PageHeader({ title, description, crumbs, actions, children }: PageHeaderProps) {
  return (
    <header className="page-header">
      {crumbs && crumbs.length > 0 && <Breadcrumbs items={crumbs} />}
      <div className="page-header__row">
        <h1 className="page-header__title" tabIndex={-1}>
          {title}
        </h1>
        {actions && <div className="page-header__actions">{actions}</div>}
      </div>
      {description && <p className="page-header__description">{description}</p>}
      {children}
    </header>
  );
}
