import { classifyUrl, type AppOrigin } from './url-policy';

/*
 * Guards for every web contents the app creates and for its session. Written against the
 * members of Electron's objects they touch (types only, no Electron import), so tests can
 * drive them with fakes; the decisions themselves live in url-policy.ts.
 */

export interface NavigationEventLike {
  readonly url: string;
  preventDefault(): void;
}

export interface PreventableLike {
  preventDefault(): void;
}

export interface GuardedContentsLike {
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', listener: (event: NavigationEventLike) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableLike) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface PermissionSessionLike {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
}

export interface GuardOptions {
  readonly app: AppOrigin;
  /** shell.openExternal; only ever called with http(s) URLs that passed the policy. */
  openExternal(url: string): void;
  log(message: string): void;
}

/**
 * The window may only show the app. A click on a web link (with or without target=_blank)
 * goes to the OS browser; everything else (file:, javascript:, other schemes, redirects away,
 * new windows, <webview>) is refused.
 */
export function guardWebContents(contents: GuardedContentsLike, options: GuardOptions): void {
  contents.on('will-navigate', (event) => {
    const decision = classifyUrl(event.url, options.app);
    if (decision.kind === 'app') return;
    event.preventDefault();
    if (decision.kind === 'external') options.openExternal(decision.url);
    else options.log(`blocked navigation to ${describe(event.url)}: ${decision.reason}`);
  });
  // Covers iframes too; the CSP already forbids frames, this is the second lock.
  contents.on('will-frame-navigate', (event) => {
    if (classifyUrl(event.url, options.app).kind !== 'app') event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (classifyUrl(event.url, options.app).kind === 'app') return;
    event.preventDefault();
    options.log(`blocked redirect to ${describe(event.url)}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    options.log('blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = classifyUrl(url, options.app);
    if (decision.kind === 'external') options.openExternal(decision.url);
    else
      options.log(
        `blocked a new window for ${describe(url)}: ${decision.kind === 'app' ? 'the app opens in one window' : decision.reason}`,
      );
    return { action: 'deny' };
  });
}

/** Quorum needs no camera, microphone, location, notifications or devices: every request and check is refused. */
export function denyAllPermissions(session: PermissionSessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Log lines carry the scheme and host only: a blocked URL may hold a token in its query. */
function describe(raw: string): string {
  try {
    const url = new URL(raw);
    return url.host ? `${url.protocol}//${url.host}` : url.protocol;
  } catch {
    return 'a malformed URL';
  }
}
