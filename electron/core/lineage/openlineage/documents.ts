/**
 * Splits a file into events: one JSON event, a JSON array of events (a batch, ingested in
 * order), or JSON Lines (what the OpenLineage file transport writes, one event per line).
 */
export type DocumentItem = { ref: string; value: unknown } | { ref: string; text: string; error: string };

export function splitEventDocument(text: string, name: string): DocumentItem[] {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return [];
  try {
    const parsed = JSON.parse(body) as unknown;
    if (Array.isArray(parsed)) return parsed.map((value, index) => ({ ref: `${name}#${index}`, value }));
    return [{ ref: name, value: parsed }];
  } catch (wholeError) {
    const lines = body.split(/\r?\n/);
    const filled = lines.filter((line) => line.trim() !== '');
    if (filled.length <= 1) return [{ ref: name, text: body, error: `not JSON: ${messageOf(wholeError)}` }];
    const items: DocumentItem[] = [];
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const ref = `${name}:${index + 1}`;
      try {
        items.push({ ref, value: JSON.parse(line) as unknown });
      } catch (error) {
        items.push({ ref, text: line, error: `line ${index + 1} is not JSON: ${messageOf(error)}` });
      }
    });
    return items;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
