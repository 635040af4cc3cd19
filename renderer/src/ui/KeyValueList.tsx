import type { ReactNode } from 'react';

export interface KeyValue {
  label: string;
  value: ReactNode;
}

/** Label/value pairs as a description list. */
export function KeyValueList({ items, className }: { items: readonly KeyValue[]; className?: string }) {
  return (
    <dl className={className ? `key-values ${className}` : 'key-values'}>
      {items.map((item) => (
        <div key={item.label} className="key-values__item">
          <dt>{item.label}</dt>
          <dd>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A value that is absent, said in words rather than a dash. */
export function NotRecorded({ children = 'Not recorded' }: { children?: ReactNode }) {
  return <span className="muted">{children}</span>;
}
