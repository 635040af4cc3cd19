import { fileURLToPath } from 'node:url';

/**
 * The bundled resources folder (demo workspace, framework mappings…). Both this source file
 * and the built bundles sit two levels below the project root, so the same relative path
 * works in development, tests and `out/`. The packaged desktop app passes its own path.
 */
export function defaultResourcesDir(): string {
  return fileURLToPath(new URL('../../resources', import.meta.url));
}
