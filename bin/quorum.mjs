#!/usr/bin/env node
// The `quorum` command: runs the CLI bundle that `npm run build` emits.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('quorum: the CLI is not built yet. Run `npm run build` in the Quorum folder first.\n');
  process.exit(2);
}
await import(cli);
