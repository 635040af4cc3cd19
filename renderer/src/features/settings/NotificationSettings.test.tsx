// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useNotificationPrefs } from '../notifications/web-notifications';
import { NotificationSettings } from './NotificationSettings';

/** The browser's Notification API: its permission, and the one question a page may ask. */
const permission = { current: 'default' as NotificationPermission, answer: 'granted' as NotificationPermission };
const requestPermission = vi.fn(async () => {
  permission.current = permission.answer;
  return permission.answer;
});
/** A constructor, as the real one is (the page checks `typeof Notification === 'function'`); only its statics are read. */
const FakeNotification = Object.defineProperties(function Notification() {}, {
  permission: { get: () => permission.current },
  requestPermission: { value: requestPermission },
});

beforeEach(() => {
  Object.defineProperty(window, 'Notification', { configurable: true, writable: true, value: FakeNotification });
  permission.current = 'default';
  permission.answer = 'granted';
  requestPermission.mockClear();
  useNotificationPrefs.setState({ systemNotifications: false });
});

afterEach(() => {
  cleanup();
  Reflect.deleteProperty(window, 'Notification');
});

const toggle = () => screen.getByRole('checkbox', { name: /Also show system notifications/ });

describe('Settings → Notifications in browser mode', () => {
  it('asks the browser only when the person turns them on, then keeps them on', async () => {
    render(<NotificationSettings platform={{ shell: 'browser', os: 'Linux' }} />);
    expect(requestPermission).not.toHaveBeenCalled();
    expect((toggle() as HTMLInputElement).checked).toBe(false);
    await act(async () => {
      fireEvent.click(toggle());
    });
    expect(requestPermission).toHaveBeenCalledOnce();
    expect(useNotificationPrefs.getState().systemNotifications).toBe(true);
    expect((toggle() as HTMLInputElement).checked).toBe(true);
    // Off again without asking anything.
    fireEvent.click(toggle());
    expect(useNotificationPrefs.getState().systemNotifications).toBe(false);
    expect(requestPermission).toHaveBeenCalledOnce();
  });

  it('stays off when the browser says no, and explains how to allow them', async () => {
    permission.answer = 'denied';
    render(<NotificationSettings platform={{ shell: 'browser', os: 'Linux' }} />);
    await act(async () => {
      fireEvent.click(toggle());
    });
    expect(useNotificationPrefs.getState().systemNotifications).toBe(false);
    expect((toggle() as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText(/blocks notifications from Quorum/)).toBeTruthy();
  });

  it('turns on without a question once permission was granted', () => {
    permission.current = 'granted';
    render(<NotificationSettings platform={{ shell: 'browser', os: 'Linux' }} />);
    fireEvent.click(toggle());
    expect(requestPermission).not.toHaveBeenCalled();
    expect(useNotificationPrefs.getState().systemNotifications).toBe(true);
  });

  it('says so when the browser has no notifications at all', () => {
    Reflect.deleteProperty(window, 'Notification');
    render(<NotificationSettings platform={{ shell: 'browser', os: 'Linux' }} />);
    expect((toggle() as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText('This browser cannot show system notifications.')).toBeTruthy();
  });
});

describe('Settings → Notifications in the desktop app', () => {
  it('offers no browser toggle: the app shows system notifications itself', () => {
    render(<NotificationSettings platform={{ shell: 'desktop', os: 'linux' }} />);
    expect(screen.getByRole('heading', { name: 'Notifications' })).toBeTruthy();
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.getByText(/shows a system notification/)).toBeTruthy();
  });
});
