/**
 * Where a dataset lives, as one comparable string, so the same data named by different tools
 * can be matched: OpenLineage (namespace "s3://bucket", name "path/to/table"; namespace "file",
 * name "/abs/path"), DVC (a path in a project on disk) and MLflow (a source URI).
 * Lower-case scheme, no trailing slash, `file://` for local paths.
 */
export function locationOfDataset(namespace: string, name: string): string | null {
  if (namespace === 'file' || namespace === 'file://') return normaliseUri(name.startsWith('/') ? `file://${name}` : `file:///${name}`);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(namespace)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) return normaliseUri(name);
    return normaliseUri(`${namespace.replace(/\/+$/, '')}/${name.replace(/^\/+/, '')}`);
  }
  return null;
}

export function normaliseUri(uri: string): string | null {
  const trimmed = uri.trim();
  if (trimmed === '') return null;
  if (trimmed.startsWith('/')) return normaliseUri(`file://${trimmed}`);
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(trimmed);
  if (!match) return null;
  const [, scheme = '', rest = ''] = match;
  const withoutSlash = rest.replace(/\/+$/, '');
  return `${scheme.toLowerCase()}://${withoutSlash}`;
}

/** MLflow stores a dataset's source as JSON text ({"uri": …} or {"url": …} or {"path": …}). */
export function locationOfMlflowSource(source: string | null): string | null {
  if (!source) return null;
  try {
    const parsed = JSON.parse(source) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      for (const key of ['uri', 'url', 'path', 'location']) {
        const value = record[key];
        if (typeof value === 'string') return normaliseUri(value);
      }
      return null;
    }
    return typeof parsed === 'string' ? normaliseUri(parsed) : null;
  } catch {
    return normaliseUri(source);
  }
}
