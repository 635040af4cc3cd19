import { Notification, type BrowserWindow } from 'electron';
import type { EventName, QuorumNotification } from '@shared/contract';
import { clickNavigation, urgencyOf, wantsOsNotification } from './notification-policy';
import type { AppOrigin } from './url-policy';

/*
 * The core's `notification` events as OS notifications. Thin glue over Electron's main-process
 * Notification (https://www.electronjs.org/docs/latest/api/notification); the decisions live
 * in notification-policy.ts. The same events also reach the renderer over the IPC event
 * channel (ipc.ts), where they show as toasts, so nothing is sent to the page from here.
 */

export interface OsNotificationsOptions {
  readonly events: { onAny(listener: (event: EventName, payload: unknown) => void): () => void };
  /** The main window, or null when it was closed (macOS keeps the app running without one). */
  window(): BrowserWindow | null;
  /** Opens the main window again, as the dock icon does. */
  openWindow(): BrowserWindow;
  readonly appOrigin: AppOrigin;
  log(message: string): void;
}

/**
 * Electron keeps only a weak reference to a shown Notification: once the JS object is
 * garbage-collected its 'click' is silently lost (electron/electron#16922, #12690). Each one is
 * held here until clicked, closed or failed; 'close' is not guaranteed on every platform, so
 * the oldest are let go past this many rather than held forever.
 */
const MAX_HELD = 50;

export function showOsNotifications(options: OsNotificationsOptions): () => void {
  const held = new Set<Notification>();

  function release(notification: Notification): void {
    held.delete(notification);
  }

  function hold(notification: Notification): void {
    held.add(notification);
    for (const oldest of held) {
      if (held.size <= MAX_HELD) break;
      held.delete(oldest);
    }
  }

  function open(route: string | null): void {
    const existing = options.window();
    const window = existing === null || existing.isDestroyed() ? options.openWindow() : existing;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    const go = () => navigate(window, route);
    // A window opened just now has no page yet; the hash can only change once it has loaded.
    if (window.webContents.isLoading()) window.webContents.once('did-finish-load', go);
    else go();
  }

  function navigate(window: BrowserWindow, route: string | null): void {
    if (window.isDestroyed()) return;
    const decision = clickNavigation(window.webContents.getURL(), route, options.appOrigin);
    if (decision.kind === 'refuse') options.log(`a notification click did not navigate: ${decision.reason}`);
    if (decision.kind !== 'navigate') return;
    window.webContents.loadURL(decision.url).catch((error: unknown) => {
      options.log(`could not open the notification's page: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  function show(payload: QuorumNotification): void {
    const window = options.window();
    const appFocused = window !== null && !window.isDestroyed() && window.isFocused();
    if (!wantsOsNotification({ supported: Notification.isSupported(), appFocused })) return;
    const notification = new Notification({ title: payload.title, body: payload.body, urgency: urgencyOf(payload.severity) });
    notification.on('click', () => {
      release(notification);
      open(payload.route);
    });
    notification.on('close', () => release(notification));
    notification.on('failed', (_event, error) => {
      release(notification);
      // macOS refuses notifications from unsigned builds; the toast in the window still shows.
      options.log(`could not show a notification: ${error}`);
    });
    hold(notification);
    notification.show();
  }

  const unsubscribe = options.events.onAny((event, payload) => {
    // The core validated the payload against the contract before emitting it.
    if (event === 'notification') show(payload as QuorumNotification);
  });

  return () => {
    unsubscribe();
    held.clear();
  };
}
