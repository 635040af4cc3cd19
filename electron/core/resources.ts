import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project folder this code runs from: the nearest ancestor holding package.json. Source
 * files and built bundles sit at different depths (the bundler moves shared code into
 * `out/main/chunks/`), so a fixed relative path would break in one of them.
 */
export function projectRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}; pass the resources folder explicitly.`);
    dir = parent;
  }
}

/** The bundled resources folder (demo workspace, policies, schemas). The packaged desktop app passes its own. */
export function defaultResourcesDir(): string {
  return join(projectRoot(), 'resources');
}
