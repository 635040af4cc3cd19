import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { denyAllPermissions, guardWebContents, type GuardedContentsLike } from '../../electron/main/security';
import { appOriginOf } from '../../electron/main/url-policy';

/** Electron's web contents, reduced to what the guards attach to. */
class FakeContents extends EventEmitter implements GuardedContentsLike {
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  /** Emits like Electron does and reports whether the default action was prevented. */
  attempt(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string): boolean {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

function guarded(appUrl = 'quorum://app/index.html') {
  const contents = new FakeContents();
  const openExternal = vi.fn<(url: string) => void>();
  const log = vi.fn<(message: string) => void>();
  guardWebContents(contents, { app: appOriginOf(appUrl), openExternal, log });
  return { contents, openExternal, log };
}

describe('navigation guards', () => {
  it('lets the app navigate within itself', () => {
    const { contents, openExternal } = guarded();
    expect(contents.attempt('will-navigate', 'quorum://app/index.html#/models')).toBe(false);
    expect(contents.attempt('will-frame-navigate', 'quorum://app/index.html')).toBe(false);
    expect(contents.attempt('will-redirect', 'quorum://app/index.html')).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('keeps the window on the app and sends a clicked web link to the OS browser', () => {
    const { contents, openExternal } = guarded();
    expect(contents.attempt('will-navigate', 'https://mlflow.example.com/#/models')).toBe(true);
    expect(openExternal).toHaveBeenCalledExactlyOnceWith('https://mlflow.example.com/#/models');
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x', 'smb://host/share', 'https://user:pw@example.com/'])(
    'blocks navigation to %s without opening anything',
    (url) => {
      const { contents, openExternal, log } = guarded();
      expect(contents.attempt('will-navigate', url)).toBe(true);
      expect(openExternal).not.toHaveBeenCalled();
      expect(log).toHaveBeenCalled();
    },
  );

  it('blocks frames and redirects that leave the app', () => {
    const { contents, openExternal } = guarded();
    expect(contents.attempt('will-frame-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.attempt('will-redirect', 'https://evil.example/')).toBe(true);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('keeps secrets in blocked URLs out of the log', () => {
    const { contents, log } = guarded();
    contents.attempt('will-redirect', 'https://evil.example/cb?token=abc123');
    expect(log.mock.calls.flat().join(' ')).not.toContain('abc123');
  });

  it('uses the dev server as the app origin in development', () => {
    const { contents } = guarded('http://localhost:5173/');
    expect(contents.attempt('will-navigate', 'http://localhost:5173/#/models')).toBe(false);
    expect(contents.attempt('will-navigate', 'quorum://app/')).toBe(true);
  });

  it('refuses <webview>', () => {
    const { contents } = guarded();
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });
});

describe('window.open', () => {
  it('always denies a new window, handing web links to the OS browser', () => {
    const { contents, openExternal } = guarded();
    const handler = contents.windowOpenHandler;
    expect(handler).not.toBeNull();
    expect(handler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledExactlyOnceWith('https://example.com/');
  });

  it.each(['quorum://app/index.html', 'file:///etc/passwd', 'javascript:alert(1)', 'about:blank', ''])(
    'denies %j and opens nothing',
    (url) => {
      const { contents, openExternal } = guarded();
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
      expect(openExternal).not.toHaveBeenCalled();
    },
  );
});

describe('permissions', () => {
  it('refuses every permission request and check', () => {
    const handlers: {
      request?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
      check?: (contents: unknown, permission: string) => boolean;
    } = {};
    denyAllPermissions({
      setPermissionRequestHandler: (handler) => (handlers.request = handler),
      setPermissionCheckHandler: (handler) => (handlers.check = handler),
    });
    const { request, check } = handlers;
    if (!request || !check) throw new Error('both handlers must be installed');
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'hid']) {
      const callback = vi.fn();
      request(null, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(check(null, permission)).toBe(false);
    }
  });
});
