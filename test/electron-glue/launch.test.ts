import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QuorumError } from '../../electron/core/errors';
import { parseLaunchArgs, planWorkspace } from '../../electron/main/launch';
import { appPaths, ELECTRON_NATIVE_BINDING } from '../../electron/main/paths';
import { explainStartupError } from '../../electron/main/startup-error';

const cwd = resolve('/home/ada/projects');
const userData = resolve('/home/ada/.config/Quorum');

describe('parseLaunchArgs', () => {
  it('finds the flags among the arguments Electron and Chromium add', () => {
    const result = parseLaunchArgs(['.', '--no-sandbox', '--demo', '--inspect=9229', '--data-dir', 'work'], cwd);
    expect(result).toEqual({ ok: true, args: { demo: true, dataDir: join(cwd, 'work') } });
  });

  it('accepts --data-dir=DIR and keeps absolute paths', () => {
    expect(parseLaunchArgs(['--data-dir=/srv/quorum'], cwd)).toEqual({ ok: true, args: { demo: false, dataDir: resolve('/srv/quorum') } });
  });

  it('defaults to no data dir and no demo', () => {
    expect(parseLaunchArgs(['out/main/index.js'], cwd)).toEqual({ ok: true, args: { demo: false, dataDir: null } });
  });

  it.each([[['--data-dir']], [['--data-dir=']], [['--data-dir', '--demo']]])('refuses %j without a directory', (argv) => {
    const result = parseLaunchArgs(argv, cwd);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('--data-dir needs a directory');
  });
});

describe('planWorkspace', () => {
  it('uses Electron userData by default, the folder the CLI uses too', () => {
    expect(planWorkspace({ dataDir: null, demo: false }, {}, userData)).toEqual({ dataDir: userData, workspaceKind: 'user', userData });
  });

  it('opens the demo in its own folder under userData', () => {
    const plan = planWorkspace({ dataDir: null, demo: true }, {}, userData);
    expect(plan).toEqual({ dataDir: join(userData, 'demo-workspace'), workspaceKind: 'demo', userData: join(userData, 'demo-workspace') });
  });

  it('puts the demo into an explicit --data-dir, like `quorum serve --demo --data-dir`', () => {
    expect(planWorkspace({ dataDir: '/tmp/x', demo: true }, {}, userData)).toEqual({
      dataDir: '/tmp/x',
      workspaceKind: 'demo',
      userData: '/tmp/x',
    });
  });

  it('honours QUORUM_DATA_DIR like the CLI, below --data-dir', () => {
    const env = { QUORUM_DATA_DIR: '/data/quorum' };
    expect(planWorkspace({ dataDir: null, demo: false }, env, userData).dataDir).toBe(resolve('/data/quorum'));
    expect(planWorkspace({ dataDir: null, demo: true }, env, userData).dataDir).toBe(join(resolve('/data/quorum'), 'demo-workspace'));
    expect(planWorkspace({ dataDir: '/explicit', demo: false }, env, userData).dataDir).toBe('/explicit');
  });
});

describe('appPaths', () => {
  it('finds preload, renderer and the Electron-ABI driver next to out/main in development', () => {
    const project = resolve('/home/ada/quorum');
    const paths = appPaths({ mainDir: join(project, 'out', 'main'), isPackaged: false, resourcesPath: '/unused' });
    expect(paths).toEqual({
      preload: join(project, 'out', 'preload', 'index.cjs'),
      rendererDir: join(project, 'out', 'renderer'),
      nativeBindingCandidate: join(project, ELECTRON_NATIVE_BINDING),
      resourcesDir: undefined,
    });
  });

  it("uses process.resourcesPath and electron-builder's driver when packaged", () => {
    const resources = resolve('/opt/Quorum/resources');
    const paths = appPaths({ mainDir: join(resources, 'app.asar', 'out', 'main'), isPackaged: true, resourcesPath: resources });
    expect(paths.nativeBindingCandidate).toBeNull();
    expect(paths.resourcesDir).toBe(resources);
    expect(paths.rendererDir).toBe(join(resources, 'app.asar', 'out', 'renderer'));
  });
});

describe('explainStartupError', () => {
  const abiError = new Error(
    "The module '/x/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 139.",
  );

  it('tells a developer to build the Electron driver when only the Node build exists', () => {
    expect(explainStartupError(abiError, { nativeBinding: null, isPackaged: false })).toContain('npm run build:native');
  });

  it('names a stale Electron driver', () => {
    expect(explainStartupError(abiError, { nativeBinding: '/p/.native/electron/better_sqlite3.node', isPackaged: false })).toContain(
      '/p/.native/electron/better_sqlite3.node',
    );
  });

  it('asks users of a packaged app to reinstall instead', () => {
    expect(explainStartupError(abiError, { nativeBinding: null, isPackaged: true })).toContain('Reinstall Quorum');
  });

  it("passes the core's own explanations through", () => {
    const error = new QuorumError('conflict', 'Another Quorum (quorum serve, pid 42) already has /d open.');
    expect(explainStartupError(error, { nativeBinding: null, isPackaged: false })).toBe(error.message);
  });
});
