import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { PlatformInfo, QuorumNotification } from '@shared/contract';
import { useNotificationsStore } from './notifications-store';

/*
 * System notifications from the browser tab (Web Notifications API), for browser mode only:
 * the desktop app's main process already shows OS notifications, and its session refuses the
 * permission anyway, so a second one never appears there. Off until the person turns them on
 * in Settings, and permission is asked only from that click (browsers ignore or penalise
 * prompts that no gesture asked for).
 */

interface NotificationPrefsState {
  readonly systemNotifications: boolean;
  setSystemNotifications(on: boolean): void;
}

/** Whether this browser shows system notifications for Quorum. Kept on this machine only. */
export const useNotificationPrefs = create<NotificationPrefsState>()(
  persist(
    (set) => ({
      systemNotifications: false,
      setSystemNotifications: (on) => set({ systemNotifications: on }),
    }),
    {
      name: 'quorum.notifications',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: ({ systemNotifications }) => ({ systemNotifications }),
      merge: (persisted, current) => {
        const on = (persisted as { systemNotifications?: unknown } | undefined)?.systemNotifications;
        return typeof on === 'boolean' ? { ...current, systemNotifications: on } : current;
      },
    },
  ),
);

export type WebNotificationSupport =
  /** The desktop app: its main process shows them. */
  | 'desktop'
  /** No Web Notifications in this browser. */
  | 'unsupported'
  /** Browsers allow notifications on https:// and localhost only. */
  | 'insecure'
  | NotificationPermission;

export function webNotificationSupport(platform: PlatformInfo): WebNotificationSupport {
  if (platform.shell === 'desktop') return 'desktop';
  if (typeof window.Notification !== 'function') return 'unsupported';
  if (window.isSecureContext === false) return 'insecure';
  return window.Notification.permission;
}

/** Asks the browser for permission; call it only from the person's click on the Settings toggle. */
export async function requestWebNotifications(): Promise<NotificationPermission> {
  if (typeof window.Notification !== 'function') return 'denied';
  return window.Notification.requestPermission();
}

/** Shown notifications, held until clicked or closed so their click handler cannot be collected first. */
const held = new Set<Notification>();

/**
 * Shows `notification` as a system notification when the person has turned them on, the
 * browser allows it, and they are not looking at the page (the toast says it there). Returns
 * whether one was shown.
 */
export function showWebNotification(notification: QuorumNotification): boolean {
  if (!useNotificationPrefs.getState().systemNotifications) return false;
  if (typeof window.Notification !== 'function' || window.Notification.permission !== 'granted') return false;
  if (document.visibilityState === 'visible' && document.hasFocus()) return false;
  // The tag is the core's stable id: every open tab receives the event, the OS shows it once.
  const shown = new window.Notification(notification.title, { body: notification.body, tag: notification.id });
  held.add(shown);
  shown.onclick = () => {
    held.delete(shown);
    window.focus();
    // The hash router follows; only the hash changes, so browser mode keeps its session query.
    if (notification.route !== null) window.location.hash = notification.route;
    shown.close();
  };
  shown.onclose = () => held.delete(shown);
  shown.onerror = () => held.delete(shown);
  return true;
}

export interface NotificationSink {
  deliver(notification: QuorumNotification): void;
}

/** Where the core's `notification` events go: a toast always, a system notification in browser mode when wanted. */
export function notificationSinkFor(platform: PlatformInfo): NotificationSink {
  return {
    deliver(notification) {
      const fresh = useNotificationsStore.getState().receive(notification);
      if (fresh && platform.shell === 'browser') showWebNotification(notification);
    },
  };
}
