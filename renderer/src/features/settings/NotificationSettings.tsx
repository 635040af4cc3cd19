import { useState, type ChangeEvent } from 'react';
import type { PlatformInfo } from '@shared/contract';
import { api } from '../../platform/api';
import {
  requestWebNotifications,
  useNotificationPrefs,
  webNotificationSupport,
  type WebNotificationSupport,
} from '../notifications/web-notifications';
import '../notifications/notifications.css';

const WHAT = 'Quorum tells you when a release request waits for your sign-off, or a finding you may see is raised.';

/** Why the browser toggle cannot be used, in words a non-engineer can act on; null when it can. */
function blockedReason(support: WebNotificationSupport): string | null {
  switch (support) {
    case 'unsupported':
      return 'This browser cannot show system notifications.';
    case 'insecure':
      return 'Browsers show notifications only for pages on https:// or on this computer (localhost). Open Quorum at such an address to turn them on.';
    case 'denied':
      return 'This browser blocks notifications from Quorum. Allow them in the site settings (the icon left of the address), then come back here.';
    default:
      return null;
  }
}

/** Settings → Notifications: what Quorum announces, and in browser mode the opt-in to system notifications. */
export function NotificationSettings({ platform = api.platform }: { platform?: PlatformInfo }) {
  const enabled = useNotificationPrefs((state) => state.systemNotifications);
  const setEnabled = useNotificationPrefs((state) => state.setSystemNotifications);
  // Read again after each answer from the browser; the permission is not observable otherwise.
  const [support, setSupport] = useState<WebNotificationSupport>(() => webNotificationSupport(platform));
  const [asking, setAsking] = useState(false);

  async function onChange(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    if (!event.target.checked) {
      setEnabled(false);
      return;
    }
    if (support === 'granted') {
      setEnabled(true);
      return;
    }
    // Asked here, from the person's click: the only moment a browser lets a page ask.
    setAsking(true);
    try {
      const answer = await requestWebNotifications();
      setEnabled(answer === 'granted');
    } finally {
      setAsking(false);
      setSupport(webNotificationSupport(platform));
    }
  }

  if (support === 'desktop') {
    return (
      <section className="panel" aria-labelledby="settings-notifications">
        <h2 id="settings-notifications">Notifications</h2>
        <p>
          {WHAT} While Quorum’s window is in the background, it shows a system notification; click it to open the matter. In the window, the
          same news appears for a few seconds in the bottom corner.
        </p>
        <p className="panel__note">Your operating system’s notification settings decide whether and how they appear.</p>
      </section>
    );
  }

  const blocked = blockedReason(support);
  const checked = enabled && support === 'granted';
  return (
    <section className="panel" aria-labelledby="settings-notifications">
      <h2 id="settings-notifications">Notifications</h2>
      <p>{WHAT} The news appears for a few seconds in the bottom corner of this page.</p>
      <label className="notification-setting">
        <input
          type="checkbox"
          checked={checked}
          disabled={blocked !== null || asking}
          onChange={(event) => void onChange(event)}
          aria-describedby="settings-notifications-hint"
        />
        <span className="choice__text">
          <span className="choice__label">Also show system notifications while this tab is in the background</span>
          <span className="choice__hint" id="settings-notifications-hint">
            {blocked ?? (asking ? 'Answer your browser’s question to continue.' : 'Your browser asks for permission the first time.')}
          </span>
        </span>
      </label>
      <p className="panel__note">Kept in this browser only. Quorum must be open in a tab to notify you.</p>
    </section>
  );
}
