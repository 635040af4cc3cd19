import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { Icon } from './Icon';

export interface AliasChipProps {
  alias: string;
  version?: number;
  /** When given, the chip is a link (to the version the alias points at). */
  href?: string;
}

/** An alias as a chip: "champion · v3". */
export function AliasChip({ alias, version, href }: AliasChipProps) {
  const content = (
    <>
      <Icon name="tag" />
      <span>{alias}</span>
      {version !== undefined && <span className="chip__meta">v{version}</span>}
    </>
  );
  if (href) {
    return (
      <Link href={href} className="chip chip--link">
        {content}
      </Link>
    );
  }
  return <span className="chip">{content}</span>;
}

export function AliasChips({ children }: { children: ReactNode }) {
  return <span className="chips">{children}</span>;
}
