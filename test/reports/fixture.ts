import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OperationInput, OperationName, OperationOutput } from '@shared/contract';
import { createCore, type Core } from '../../electron/core/create-core';
import { demoDriftLoaded } from '../../electron/core/demo/load-drift';
import { demoGovernanceLoaded, readGovernanceStory } from '../../electron/core/demo/load-governance';
import { defaultResourcesDir } from '../../electron/core/resources';

/**
 * The demo workspace with every kind of evidence a dossier reads: the registry and the signed
 * governance story, the drift history and the OpenLineage and DVC lineage, all loaded by the demo.
 */

const resources = defaultResourcesDir();
export const storyNow = Date.parse(readGovernanceStory(resources).story.now);

export async function demoWorkspace(now: number = storyNow): Promise<{ core: Core; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-reports-'));
  const core = createCore({ dataDir: dir, workspaceKind: 'demo', validateOutput: true, now: () => now });
  await demoGovernanceLoaded(core.services);
  await demoDriftLoaded(core.services);
  return { core, dir };
}

export async function call<K extends OperationName>(core: Core, operation: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
  const result = await core.dispatch(operation, input);
  if (!result.ok) throw new Error(`${operation} failed: ${result.error.code} ${result.error.message}`);
  return result.data as OperationOutput<K>;
}

/** pdftotext / pdftoppm are Debian's poppler-utils; without them the PDF cannot be read back, so the test fails saying so. */
export function requirePoppler(): void {
  const probe = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  if (probe.error)
    throw new Error('pdftotext is not installed: the PDF tests need poppler-utils (Debian/Ubuntu: apt-get install -y poppler-utils).');
}

export function pdfText(file: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', [...range, '-layout', file, '-'], { encoding: 'utf8' });
}

export function pdfPages(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? NaN);
}
