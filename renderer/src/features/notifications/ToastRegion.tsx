import { useCallback, useEffect, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { Link } from 'wouter';
import type { QuorumNotification } from '@shared/contract';
import { Icon, type IconName } from '../../ui/Icon';
import { StatusBadge, type StatusTone } from '../../ui/StatusBadge';
import { useNotificationsStore } from './notifications-store';
import './notifications.css';

/** At most this many toasts at once; the rest wait their turn, so none is skipped unseen. */
export const VISIBLE_TOASTS = 3;
/** Long enough to read two lines and reach "View"; the clock stops while the pointer or focus is on the toasts. */
export const TOAST_DISMISS_MS = 10_000;

const KIND: Record<QuorumNotification['kind'], { label: string; icon: IconName }> = {
  'approval.waiting': { label: 'Sign-off', icon: 'clock' },
  'finding.raised': { label: 'Finding', icon: 'alert' },
  'drift.threshold': { label: 'Drift', icon: 'activity' },
};

/** The one status palette (UX.md): a request waiting is "pending" (amber) whatever its severity word. */
function toneOf(notification: QuorumNotification): StatusTone {
  if (notification.severity === 'critical') return 'danger';
  if (notification.severity === 'warning' || notification.kind === 'approval.waiting') return 'warning';
  return 'unknown';
}

/**
 * The core's notifications inside the app: a polite live region in the corner, so a screen
 * reader announces each one without interrupting, and each toast can be opened ("View"),
 * dismissed (button or Escape) or left to go by itself. Critical ones stay until dismissed.
 */
export function ToastRegion() {
  const toasts = useNotificationsStore((state) => state.toasts);
  const dismiss = useNotificationsStore((state) => state.dismiss);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const regionRef = useRef<HTMLDivElement>(null);
  const visible = toasts.slice(0, VISIBLE_TOASTS);
  const waiting = toasts.length - visible.length;

  function onBlur(event: FocusEvent<HTMLDivElement>): void {
    // Focus moving between toasts is still focus within the region.
    if (!regionRef.current?.contains(event.relatedTarget as Node | null)) setFocused(false);
  }

  /**
   * Removes a toast. If it held the focus, the focus goes on to the next toast (or back to the
   * page), so a keyboard user can keep dismissing. A removed element fires no mouseleave or
   * blur, so whether the pointer and focus are still on the toasts is read from the DOM after.
   */
  const remove = useCallback(
    (id: string, toast: HTMLElement | null): void => {
      const hadFocus = toast?.contains(document.activeElement) ?? false;
      const next = [toast?.nextElementSibling, toast?.previousElementSibling].find((el) => el?.hasAttribute('data-toast-id'));
      dismiss(id);
      if (hadFocus) (next?.querySelector<HTMLElement>('a, button') ?? document.getElementById('main-content'))?.focus();
      setTimeout(() => {
        const region = regionRef.current;
        if (!region) return;
        setHovered(region.matches(':hover'));
        setFocused(region.contains(document.activeElement));
      });
    },
    [dismiss],
  );

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.key !== 'Escape') return;
    const toast = (event.target as HTMLElement).closest<HTMLElement>('[data-toast-id]');
    const id = toast?.dataset.toastId;
    if (id === undefined) return;
    event.stopPropagation();
    remove(id, toast);
  }

  return (
    <div
      ref={regionRef}
      className="toasts"
      role="status"
      aria-live="polite"
      aria-label="Notifications"
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={onBlur}
      onKeyDown={onKeyDown}
    >
      {visible.map((toast) => (
        <Toast key={toast.id} toast={toast} paused={hovered || focused} onDismiss={remove} />
      ))}
      {waiting > 0 ? <p className="toasts__more">{waiting === 1 ? '1 more notification' : `${waiting} more notifications`}</p> : null}
    </div>
  );
}

interface ToastProps {
  toast: QuorumNotification;
  paused: boolean;
  onDismiss(id: string, element: HTMLElement | null): void;
}

function Toast({ toast, paused, onDismiss }: ToastProps) {
  const ref = useRef<HTMLElement>(null);
  const close = useCallback(() => onDismiss(toast.id, ref.current), [onDismiss, toast.id]);
  const remaining = useRef(TOAST_DISMISS_MS);
  const sticky = toast.severity === 'critical';

  useEffect(() => {
    if (paused || sticky) return;
    const started = Date.now();
    const timer = setTimeout(close, remaining.current);
    return () => {
      clearTimeout(timer);
      // Resume where it stopped, so hovering does not restart the whole delay.
      remaining.current = Math.max(0, remaining.current - (Date.now() - started));
    };
  }, [paused, sticky, close]);

  const kind = KIND[toast.kind];
  const titleId = `toast-${toast.id}-title`;
  return (
    <article ref={ref} className={`toast toast--${toneOf(toast)}`} data-toast-id={toast.id} aria-labelledby={titleId}>
      <div className="toast__head">
        <StatusBadge tone={toneOf(toast)} label={kind.label} icon={kind.icon} />
        <button type="button" className="toast__close" onClick={close} aria-label={`Dismiss: ${toast.title}`} title="Dismiss (Esc)">
          <Icon name="x" />
        </button>
      </div>
      <p className="toast__title" id={titleId}>
        {toast.title}
      </p>
      {toast.body === '' ? null : <p className="toast__body">{toast.body}</p>}
      {toast.route === null ? null : (
        <Link href={toast.route} className="toast__view" onClick={close}>
          View<span className="visually-hidden">: {toast.title}</span>
        </Link>
      )}
    </article>
  );
}
