import type { ModelSummary } from '../../platform/catalog-types';

/**
 * Models matching what was typed, best first: names that start with it, then names that
 * contain it, then a match on team or connection. Capped, because the palette is for
 * jumping, not browsing; the Models table is for browsing.
 */
export function searchModels(models: readonly ModelSummary[], text: string, limit: number): ModelSummary[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return models.slice(0, limit);
  const ranked: { model: ModelSummary; rank: number }[] = [];
  for (const model of models) {
    const name = model.name.toLowerCase();
    const rank = name.startsWith(needle)
      ? 0
      : name.includes(needle)
        ? 1
        : (model.team ?? '').toLowerCase().includes(needle) || model.connection.toLowerCase().includes(needle)
          ? 2
          : -1;
    if (rank >= 0) ranked.push({ model, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.model.name.localeCompare(b.model.name));
  return ranked.slice(0, limit).map(({ model }) => model);
}

/** Whether a label matches what was typed, word starts first; used for sections and shortcuts. */
export function matchesText(label: string, text: string): boolean {
  const needle = text.trim().toLowerCase();
  return needle === '' || label.toLowerCase().includes(needle);
}
