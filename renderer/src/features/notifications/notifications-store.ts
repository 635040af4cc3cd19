import { create } from 'zustand';
import type { QuorumNotification } from '@shared/contract';

/** More than this many waiting toasts is a backlog nobody reads one by one; the oldest go. */
export const MAX_QUEUED = 20;

interface NotificationsState {
  /** Toasts not yet dismissed, oldest first; the region shows the first few. */
  readonly toasts: readonly QuorumNotification[];
  /** Every id received in this page, so a replayed event (an SSE reconnect) shows no second toast. */
  readonly seen: ReadonlySet<string>;
  /** Adds a toast; returns false when the id was already received. */
  receive(notification: QuorumNotification): boolean;
  dismiss(id: string): void;
}

/** The core's `notification` events as toasts; UI state only, nothing here is fetched or persisted. */
export const useNotificationsStore = create<NotificationsState>()((set, get) => ({
  toasts: [],
  seen: new Set(),
  receive: (notification) => {
    if (get().seen.has(notification.id)) return false;
    set(({ toasts, seen }) => ({
      toasts: [...toasts, notification].slice(-MAX_QUEUED),
      seen: new Set(seen).add(notification.id),
    }));
    return true;
  },
  dismiss: (id) => set(({ toasts }) => ({ toasts: toasts.filter((toast) => toast.id !== id) })),
}));
