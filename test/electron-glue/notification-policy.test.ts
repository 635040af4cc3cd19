import { describe, expect, it } from 'vitest';
import {
  clickNavigation,
  isKnownRoute,
  KNOWN_ROUTE_PATTERNS,
  KNOWN_VERSION_TABS,
  MAX_ROUTE_LENGTH,
  urgencyOf,
  wantsOsNotification,
} from '../../electron/main/notification-policy';
import { appOriginOf } from '../../electron/main/url-policy';
import { comparePath, dossierReportPath, modelPath, ROUTE_PATTERNS, VERSION_TABS, versionPath } from '../../renderer/src/app/routes';

const packaged = appOriginOf('quorum://app/index.html');
const devServer = appOriginOf('http://localhost:5173/');

describe('notification routes: the renderer’s own', () => {
  it('lists exactly the renderer’s route patterns and version tabs', () => {
    expect([...KNOWN_ROUTE_PATTERNS].sort()).toEqual(Object.values(ROUTE_PATTERNS).sort());
    expect(KNOWN_VERSION_TABS).toEqual(VERSION_TABS);
  });

  it.each([
    '/',
    '/approvals',
    '/audit',
    '/drift',
    '/settings/connections/new',
    modelPath('northwind', 'fraud-detector'),
    versionPath('northwind', 'fraud-detector', 4),
    versionPath('northwind/eu', 'credit risk%', 12, 'sign-off'),
    ...VERSION_TABS.map((tab) => versionPath('c', 'm', 1, tab)),
    comparePath('northwind', 'fraud-detector', [1, 3, 4]),
    dossierReportPath('northwind', 'fraud-detector', 4),
    '/lineage/dataset%3As3%3A%2F%2Fbucket%2Ftrain.parquet',
    '/settings/connections/northwind/edit',
  ])('accepts %s, as the renderer builds it', (route) => {
    expect(isKnownRoute(route)).toBe(true);
  });

  it.each([
    ['a path the renderer has no screen for', '/nowhere'],
    ['a version that is not a number', '/models/c/m/versions/latest'],
    ['a version tab that does not exist', '/models/c/m/versions/1/secrets'],
    ['a dot segment', '/models/../m'],
    ['an encoded dot segment', '/models/%2E%2E/m'],
    ['an empty segment', '/models//m'],
    ['a query string', '/approvals?box=mine'],
    ['a second fragment', '/approvals#x'],
    ['a bad percent-escape', '/models/%E0%A4%A/m'],
    ['a trailing slash', '/approvals/'],
    ['an absolute URL', 'https://evil.example/'],
    ['a protocol-relative URL', '//evil.example/approvals'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['no leading slash', 'approvals'],
    ['an empty string', ''],
    ['whitespace', '/models/c/m m'],
    ['a route longer than any Quorum makes', `/lineage/${'a'.repeat(MAX_ROUTE_LENGTH)}`],
  ])('refuses %s', (_why, route) => {
    expect(isKnownRoute(route)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isKnownRoute(null)).toBe(false);
    expect(isKnownRoute(42)).toBe(false);
    expect(isKnownRoute({ toString: () => '/approvals' })).toBe(false);
  });
});

describe('notification click: where the window goes', () => {
  it('changes only the hash of the page the window shows', () => {
    expect(clickNavigation('quorum://app/index.html#/models', '/approvals', packaged)).toEqual({
      kind: 'navigate',
      url: 'quorum://app/index.html#/approvals',
    });
    expect(clickNavigation('quorum://app/index.html', '/models/northwind/fraud-detector/versions/4/sign-off', packaged)).toEqual({
      kind: 'navigate',
      url: 'quorum://app/index.html#/models/northwind/fraud-detector/versions/4/sign-off',
    });
    expect(clickNavigation('http://localhost:5173/?x=1#/', '/audit', devServer)).toEqual({
      kind: 'navigate',
      url: 'http://localhost:5173/?x=1#/audit',
    });
  });

  it('keeps a route’s percent-escapes as they are', () => {
    const route = versionPath('north wind', 'a/b', 2, 'sign-off');
    const decision = clickNavigation('quorum://app/index.html#/', route, packaged);
    expect(decision).toEqual({ kind: 'navigate', url: `quorum://app/index.html#${route}` });
  });

  it('only focuses when there is no route or the window already shows it', () => {
    expect(clickNavigation('quorum://app/index.html#/audit', null, packaged)).toEqual({ kind: 'stay' });
    expect(clickNavigation('quorum://app/index.html#/audit', '/audit', packaged)).toEqual({ kind: 'stay' });
  });

  it('refuses a route the renderer does not know, and a window that is not showing the app', () => {
    expect(clickNavigation('quorum://app/index.html#/', '/nowhere', packaged)).toMatchObject({ kind: 'refuse' });
    expect(clickNavigation('https://evil.example/#/', '/approvals', packaged)).toMatchObject({ kind: 'refuse' });
    expect(clickNavigation('about:blank', '/approvals', packaged)).toMatchObject({ kind: 'refuse' });
    expect(clickNavigation('', '/approvals', packaged)).toMatchObject({ kind: 'refuse' });
  });
});

describe('OS notifications: when and how loud', () => {
  it('shows one only where supported, and not while the person is looking at the app (the toast says it there)', () => {
    expect(wantsOsNotification({ supported: true, appFocused: false })).toBe(true);
    expect(wantsOsNotification({ supported: true, appFocused: true })).toBe(false);
    expect(wantsOsNotification({ supported: false, appFocused: false })).toBe(false);
  });

  it('maps severity to urgency, never low', () => {
    expect(urgencyOf('info')).toBe('normal');
    expect(urgencyOf('warning')).toBe('normal');
    expect(urgencyOf('critical')).toBe('critical');
  });
});
