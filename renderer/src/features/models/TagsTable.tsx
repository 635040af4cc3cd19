import type { Tag } from '../../platform/catalog-types';

export function TagsTable({ tags, caption }: { tags: readonly Tag[]; caption: string }) {
  const sorted = [...tags].sort((a, b) => a.key.localeCompare(b.key));
  return (
    <table className="table table--compact">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((tag) => (
          <tr key={tag.key}>
            <td className="code-cell">{tag.key}</td>
            <td className="wrap-anywhere">{tag.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
