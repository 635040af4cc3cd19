import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRECOMPILED, PRECOMPILED_DIGEST } from '../../electron/core/lineage/openlineage/generated/validators';
import { PRECOMPILED_MODULE, precompiledValidatorsSource } from '../../electron/core/lineage/openlineage/precompile';
import { openLineageSchemas, readSchemaFiles } from '../../electron/core/lineage/openlineage/schemas';
import { REPO, olEvent } from './helpers';

const BUNDLED = join(REPO, 'resources');
const RUN_EVENT = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

describe('precompiled OpenLineage validators', () => {
  const copies: string[] = [];
  afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('are what the bundled schemas give today (run `npm run compile:openlineage` after changing them)', () => {
    const committed = readFileSync(join(REPO, PRECOMPILED_MODULE), 'utf8');
    expect(committed === precompiledValidatorsSource(join(BUNDLED, 'openlineage', 'schemas'))).toBe(true);
    expect(PRECOMPILED_DIGEST).toBe(readSchemaFiles(join(BUNDLED, 'openlineage', 'schemas')).digest);
  });

  it('serve the bundled schemas', () => {
    expect(openLineageSchemas(BUNDLED).runEvent).toBe(PRECOMPILED[RUN_EVENT]);
  });

  it('are set aside for schemas that differ by one byte, which are compiled instead and judge alike', () => {
    const copy = mkdtempSync(join(tmpdir(), 'quorum-ol-schemas-'));
    copies.push(copy);
    cpSync(join(BUNDLED, 'openlineage'), join(copy, 'openlineage'), { recursive: true });
    const core = join(copy, 'openlineage', 'schemas', 'OpenLineage.json');
    writeFileSync(core, `${readFileSync(core, 'utf8')} `);

    const edited = openLineageSchemas(copy);
    expect(edited.runEvent).not.toBe(PRECOMPILED[RUN_EVENT]);
    const bundled = openLineageSchemas(BUNDLED);
    const good = olEvent('python-client_example_full_event.json');
    const bad = { ...good, eventTime: 42, run: { runId: 'not-a-uuid' } };
    for (const event of [good, bad]) {
      const expected = bundled.runEvent(event);
      const expectedErrors = structuredClone(bundled.runEvent.errors ?? null);
      expect(edited.runEvent(event)).toBe(expected);
      expect(edited.runEvent.errors ?? null).toEqual(expectedErrors);
    }
    expect(bundled.runEvent(bad)).toBe(false);
  });
});
