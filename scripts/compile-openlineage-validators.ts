import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRECOMPILED_MODULE, precompiledValidatorsSource } from '../electron/core/lineage/openlineage/precompile';

/** Regenerates the precompiled OpenLineage validators after the bundled schemas change. */
const root = join(import.meta.dirname, '..');
writeFileSync(join(root, PRECOMPILED_MODULE), precompiledValidatorsSource(join(root, 'resources', 'openlineage', 'schemas')));
process.stdout.write(`wrote ${PRECOMPILED_MODULE}\n`);
