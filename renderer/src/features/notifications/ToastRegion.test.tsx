// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { Router } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QuorumNotification } from '@shared/contract';
import { useNotificationsStore } from './notifications-store';
import { TOAST_DISMISS_MS, ToastRegion, VISIBLE_TOASTS } from './ToastRegion';

function note(n: number, extra: Partial<QuorumNotification> = {}): QuorumNotification {
  return {
    id: `approval.waiting:${n}`,
    kind: 'approval.waiting',
    severity: 'info',
    title: `Release requested: model-${n} v${n} → production`,
    body: 'needs your sign-off as ops; requested by Ana',
    route: `/models/northwind/model-${n}/versions/${n}/sign-off`,
    ...extra,
  };
}

function renderRegion() {
  return render(
    <Router hook={useHashLocation}>
      <main id="main-content" tabIndex={-1} />
      <ToastRegion />
    </Router>,
  );
}

const receive = (notification: QuorumNotification) => act(() => void useNotificationsStore.getState().receive(notification));
const region = () => screen.getByRole('status', { name: 'Notifications' });
const toastTitles = () =>
  within(region())
    .queryAllByRole('article')
    .map((article) => article.querySelector('.toast__title')?.textContent);

beforeEach(() => {
  vi.useFakeTimers();
  useNotificationsStore.setState({ toasts: [], seen: new Set() });
  window.location.hash = '#/';
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('ToastRegion', () => {
  it('is a polite live region present before anything arrives, so the first toast is announced', () => {
    renderRegion();
    expect(region().getAttribute('aria-live')).toBe('polite');
    expect(toastTitles()).toEqual([]);
    receive(note(1));
    const toast = within(region()).getByRole('article', { name: 'Release requested: model-1 v1 → production' });
    expect(within(toast).getByText('Sign-off')).toBeTruthy();
    expect(within(toast).getByText('needs your sign-off as ops; requested by Ana')).toBeTruthy();
  });

  it('links "View" to the route and goes away once followed', () => {
    renderRegion();
    receive(note(1));
    const view = within(region()).getByRole('link', { name: 'View: Release requested: model-1 v1 → production' });
    expect(view.getAttribute('href')).toBe('#/models/northwind/model-1/versions/1/sign-off');
    fireEvent.click(view);
    expect(window.location.hash).toBe('#/models/northwind/model-1/versions/1/sign-off');
    expect(toastTitles()).toEqual([]);
  });

  it('dismisses itself after a while', () => {
    renderRegion();
    receive(note(1));
    act(() => vi.advanceTimersByTime(TOAST_DISMISS_MS - 100));
    expect(toastTitles()).toHaveLength(1);
    act(() => vi.advanceTimersByTime(200));
    expect(toastTitles()).toEqual([]);
  });

  it('stops the clock while the pointer is over it, and resumes where it stopped', () => {
    renderRegion();
    receive(note(1));
    act(() => vi.advanceTimersByTime(TOAST_DISMISS_MS / 2));
    fireEvent.mouseEnter(region());
    act(() => vi.advanceTimersByTime(TOAST_DISMISS_MS * 3));
    expect(toastTitles()).toHaveLength(1);
    fireEvent.mouseLeave(region());
    act(() => vi.advanceTimersByTime(TOAST_DISMISS_MS / 2 - 100));
    expect(toastTitles()).toHaveLength(1);
    act(() => vi.advanceTimersByTime(200));
    expect(toastTitles()).toEqual([]);
  });

  it('stops the clock while keyboard focus is inside, and Escape dismisses the focused toast', () => {
    renderRegion();
    receive(note(1));
    receive(note(2));
    const first = within(region()).getByRole('button', { name: 'Dismiss: Release requested: model-1 v1 → production' });
    act(() => first.focus());
    act(() => vi.advanceTimersByTime(TOAST_DISMISS_MS * 2));
    expect(toastTitles()).toHaveLength(2);
    fireEvent.keyDown(first, { key: 'Escape' });
    expect(toastTitles()).toEqual(['Release requested: model-2 v2 → production']);
    // Focus stays with the toasts, on the next one, so Escape can go on.
    expect(document.activeElement?.closest('[data-toast-id]')?.getAttribute('data-toast-id')).toBe('approval.waiting:2');
    fireEvent.keyDown(document.activeElement as Element, { key: 'Escape' });
    expect(toastTitles()).toEqual([]);
    expect(document.activeElement?.id).toBe('main-content');
  });

  it('lets the others go on once a toast under the pointer is dismissed and the pointer is elsewhere', () => {
    renderRegion();
    receive(note(1));
    receive(note(2));
    fireEvent.mouseEnter(region());
    // The removed toast fires no mouseleave: the region reads :hover again after the removal.
    fireEvent.click(within(region()).getAllByRole('button', { name: /^Dismiss: / })[0] as HTMLElement);
    act(() => vi.advanceTimersByTime(1));
    act(() => vi.advanceTimersByTime(TOAST_DISMISS_MS));
    expect(toastTitles()).toEqual([]);
  });

  it('is dismissed with its button', () => {
    renderRegion();
    receive(note(1));
    fireEvent.click(within(region()).getByRole('button', { name: /^Dismiss: / }));
    expect(toastTitles()).toEqual([]);
  });

  it('keeps a critical one until it is dismissed', () => {
    renderRegion();
    receive(
      note(1, { kind: 'finding.raised', severity: 'critical', title: 'Promotion outside Quorum: fraud v2 → production', route: '/audit' }),
    );
    act(() => vi.advanceTimersByTime(TOAST_DISMISS_MS * 10));
    expect(toastTitles()).toEqual(['Promotion outside Quorum: fraud v2 → production']);
    expect(within(region()).getByText('Finding')).toBeTruthy();
  });

  it(`shows ${VISIBLE_TOASTS} at once and queues the rest, so none goes by unseen`, () => {
    renderRegion();
    for (let n = 1; n <= VISIBLE_TOASTS + 2; n++) receive(note(n));
    expect(toastTitles()).toHaveLength(VISIBLE_TOASTS);
    expect(within(region()).getByText('2 more notifications')).toBeTruthy();
    fireEvent.click(within(region()).getAllByRole('button', { name: /^Dismiss: / })[0] as HTMLElement);
    expect(toastTitles()).toContain(`Release requested: model-${VISIBLE_TOASTS + 1} v${VISIBLE_TOASTS + 1} → production`);
    expect(within(region()).getByText('1 more notification')).toBeTruthy();
  });

  it('shows an id once, even when the event arrives again', () => {
    renderRegion();
    receive(note(1));
    fireEvent.click(within(region()).getByRole('button', { name: /^Dismiss: / }));
    receive(note(1));
    expect(toastTitles()).toEqual([]);
  });

  it('shows no link when the notification has no route', () => {
    renderRegion();
    receive(note(1, { route: null }));
    expect(within(region()).queryByRole('link')).toBeNull();
  });
});
