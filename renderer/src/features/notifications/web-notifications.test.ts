// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlatformInfo, QuorumNotification } from '@shared/contract';
import { useNotificationsStore } from './notifications-store';
import { notificationSinkFor, useNotificationPrefs, webNotificationSupport } from './web-notifications';

/** The Web Notifications API as a browser exposes it, recording what the page shows. */
class FakeNotification {
  static permission: NotificationPermission = 'granted';
  static readonly shown: FakeNotification[] = [];
  static readonly requestPermission = vi.fn(async () => FakeNotification.permission);
  onclick: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  readonly close = vi.fn();
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this);
  }
}

const browser: PlatformInfo = { shell: 'browser', os: 'Linux' };
const desktop: PlatformInfo = { shell: 'desktop', os: 'linux' };

const waiting: QuorumNotification = {
  id: 'approval.waiting:abc',
  kind: 'approval.waiting',
  severity: 'info',
  title: 'Release requested: credit-risk v7 → production',
  body: 'needs your sign-off as ops; requested by Ana',
  route: '/models/northwind/credit-risk/versions/7/sign-off',
};

let focused = false;

beforeEach(() => {
  Object.defineProperty(window, 'Notification', { configurable: true, writable: true, value: FakeNotification });
  FakeNotification.permission = 'granted';
  FakeNotification.shown.length = 0;
  FakeNotification.requestPermission.mockClear();
  focused = false;
  vi.spyOn(document, 'hasFocus').mockImplementation(() => focused);
  useNotificationsStore.setState({ toasts: [], seen: new Set() });
  useNotificationPrefs.setState({ systemNotifications: true });
  window.location.hash = '';
});

afterEach(() => {
  vi.restoreAllMocks();
  Reflect.deleteProperty(window, 'Notification');
});

describe('notification sink in browser mode', () => {
  it('shows a toast and, with the tab in the background, one system notification tagged with the stable id', () => {
    notificationSinkFor(browser).deliver(waiting);
    expect(useNotificationsStore.getState().toasts).toEqual([waiting]);
    expect(FakeNotification.shown).toHaveLength(1);
    expect(FakeNotification.shown[0]).toMatchObject({ title: waiting.title, options: { body: waiting.body, tag: waiting.id } });
  });

  it('opens the route in this tab when the system notification is clicked', () => {
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => undefined);
    notificationSinkFor(browser).deliver(waiting);
    const shown = FakeNotification.shown[0];
    shown?.onclick?.();
    expect(focus).toHaveBeenCalled();
    expect(window.location.hash).toBe(`#${waiting.route}`);
    expect(shown?.close).toHaveBeenCalled();
  });

  it('shows no system notification while the person is looking at the page: the toast says it', () => {
    focused = true;
    notificationSinkFor(browser).deliver(waiting);
    expect(useNotificationsStore.getState().toasts).toHaveLength(1);
    expect(FakeNotification.shown).toEqual([]);
  });

  it('shows none unless the person turned them on, and none without the browser’s permission', () => {
    useNotificationPrefs.setState({ systemNotifications: false });
    notificationSinkFor(browser).deliver(waiting);
    expect(FakeNotification.shown).toEqual([]);

    useNotificationPrefs.setState({ systemNotifications: true });
    FakeNotification.permission = 'default';
    notificationSinkFor(browser).deliver({ ...waiting, id: 'approval.waiting:other' });
    expect(FakeNotification.shown).toEqual([]);
    // Never asked for on its own: permission is requested only from the Settings toggle.
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
  });

  it('shows the same id once, however often it arrives', () => {
    const sink = notificationSinkFor(browser);
    sink.deliver(waiting);
    sink.deliver(waiting);
    expect(useNotificationsStore.getState().toasts).toHaveLength(1);
    expect(FakeNotification.shown).toHaveLength(1);
  });
});

describe('notification sink in the desktop app', () => {
  it('shows the toast only: the main process shows the OS notification', () => {
    notificationSinkFor(desktop).deliver(waiting);
    expect(useNotificationsStore.getState().toasts).toEqual([waiting]);
    expect(FakeNotification.shown).toEqual([]);
  });
});

describe('web notification support', () => {
  it('tells the desktop app, a missing API and each permission apart', () => {
    expect(webNotificationSupport(desktop)).toBe('desktop');
    expect(webNotificationSupport(browser)).toBe('granted');
    FakeNotification.permission = 'denied';
    expect(webNotificationSupport(browser)).toBe('denied');
    Reflect.deleteProperty(window, 'Notification');
    expect(webNotificationSupport(browser)).toBe('unsupported');
  });
});
