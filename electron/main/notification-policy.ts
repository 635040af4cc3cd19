import type { QuorumNotification } from '@shared/contract';
import { ROUTE_PATTERNS, VERSION_TABS } from '@shared/routes';
import { isAppUrl, type AppOrigin } from './url-policy';

/*
 * What the desktop app does with a core `notification`: whether to show it as an OS
 * notification, how urgent it is, and where a click takes the window. Pure (no Electron
 * import) so every rule is tested under Node, like url-policy.ts.
 */

/** The renderer's routes: the only places a notification may take the window. */
export const KNOWN_ROUTE_PATTERNS: readonly string[] = Object.values(ROUTE_PATTERNS);

/** The version page's tabs. */
export const KNOWN_VERSION_TABS = VERSION_TABS;

/** A route is a short path a person could type; anything longer is not one Quorum made. */
export const MAX_ROUTE_LENGTH = 2048;

const VERSION = /^[1-9]\d{0,9}$/;
const VERSION_LIST = /^[1-9]\d{0,9}(?:,[1-9]\d{0,9})*$/;
/** RFC 3986 path characters, percent-escapes included: what encodeURIComponent produces, and no "?" or "#". */
const ENCODED_SEGMENT = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+$/;

function paramMatches(name: string, value: string): boolean {
  switch (name) {
    case 'version':
      return VERSION.test(value);
    case 'versions':
      return VERSION_LIST.test(value);
    case 'tab':
      return (KNOWN_VERSION_TABS as readonly string[]).includes(value);
    default: {
      if (!ENCODED_SEGMENT.test(value)) return false;
      let decoded: string;
      try {
        decoded = decodeURIComponent(value);
      } catch {
        return false;
      }
      // A dot segment would be resolved away by the URL parser and land on another page.
      return decoded !== '.' && decoded !== '..';
    }
  }
}

function matchesPattern(pattern: string, segments: readonly string[]): boolean {
  const parts = pattern.split('/');
  if (parts.length !== segments.length) return false;
  return parts.every((part, index) => {
    const segment = segments[index] as string;
    return part.startsWith(':') ? paramMatches(part.slice(1), segment) : part === segment;
  });
}

/** Whether `route` is a path the renderer has a screen for, with well-formed parameters. */
export function isKnownRoute(route: unknown): route is string {
  if (typeof route !== 'string' || route.length === 0 || route.length > MAX_ROUTE_LENGTH || !route.startsWith('/')) return false;
  const segments = route.split('/');
  return KNOWN_ROUTE_PATTERNS.some((pattern) => matchesPattern(pattern, segments));
}

export type ClickNavigation =
  /** Load this URL: the app's page with only its hash changed, a same-document navigation. */
  | { readonly kind: 'navigate'; readonly url: string }
  /** Focusing the window is all there is to do: no route, or the window already shows it. */
  | { readonly kind: 'stay' }
  /** The route or the window's page is not one Quorum would navigate; the reason goes to the log. */
  | { readonly kind: 'refuse'; readonly reason: string };

/**
 * Where a click on a notification takes the window showing `currentUrl`. Only the hash
 * changes, so the renderer's hash router moves to the route without reloading the page (and
 * Electron resolves `loadURL` for such in-page navigations since electron/electron#36129).
 */
export function clickNavigation(currentUrl: string, route: string | null, app: AppOrigin): ClickNavigation {
  if (route === null) return { kind: 'stay' };
  if (!isKnownRoute(route)) return { kind: 'refuse', reason: 'the notification names a route the app does not have' };
  if (!isAppUrl(currentUrl, app)) return { kind: 'refuse', reason: 'the window is not showing the app' };
  const url = new URL(currentUrl);
  const target = `#${route}`;
  // Loading the very same URL would be a reload, not a hash change.
  if (url.hash === target) return { kind: 'stay' };
  url.hash = target;
  return { kind: 'navigate', url: url.href };
}

export interface OsNotificationContext {
  /** Notification.isSupported() */
  readonly supported: boolean;
  /** The main window has the focus: the person is looking at the app, where the toast shows. */
  readonly appFocused: boolean;
}

/**
 * An OS notification is for someone who is not looking at Quorum. While the window has the
 * focus, the renderer's toast says the same thing in place, so a second banner would be noise.
 */
export function wantsOsNotification(context: OsNotificationContext): boolean {
  return context.supported && !context.appFocused;
}

export type OsUrgency = 'low' | 'normal' | 'critical';

/**
 * Linux and Windows urgency. Nothing is 'low': GNOME shows low-urgency notifications in its
 * list only, without a banner, and a request waiting for a sign-off should be seen.
 */
export function urgencyOf(severity: QuorumNotification['severity']): OsUrgency {
  return severity === 'critical' ? 'critical' : 'normal';
}
