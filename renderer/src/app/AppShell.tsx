import { useEffect, useRef, type MouseEvent } from 'react';
import { useLocation } from 'wouter';
import { ToastRegion } from '../features/notifications/ToastRegion';
import { CommandPalette } from '../features/palette/CommandPalette';
import { AppRoutes } from './AppRoutes';
import { ErrorBoundary } from './ErrorBoundary';
import { pageKeyOf } from './routes';
import { SideNav } from './SideNav';
import { TopBar } from './TopBar';
import { useGlobalShortcuts } from './use-global-shortcuts';

/** The frame around every screen: banner, section navigation, the main region and the palette. */
export function AppShell() {
  const [location] = useLocation();
  const pageKey = pageKeyOf(location);
  const mainRef = useRef<HTMLElement>(null);
  const previousPage = useRef(pageKey);
  useGlobalShortcuts();

  // A new page moves focus to its heading, as a page load would, so keyboard and screen reader
  // users start at the top of what they opened. Switching tabs on a page is not a new page.
  useEffect(() => {
    if (previousPage.current === pageKey) return;
    previousPage.current = pageKey;
    const main = mainRef.current;
    if (!main) return;
    main.scrollTop = 0;
    const heading = main.querySelector<HTMLElement>('h1');
    (heading ?? main).focus({ preventScroll: true });
  }, [pageKey]);

  function skipToContent(event: MouseEvent<HTMLAnchorElement>): void {
    // The hash holds the route, so the usual #id jump would navigate away: move focus instead.
    event.preventDefault();
    mainRef.current?.focus();
  }

  return (
    <div className="app">
      <a className="skip-link" href="#main-content" onClick={skipToContent}>
        Skip to content
      </a>
      <TopBar />
      <div className="app__body">
        <SideNav />
        <main id="main-content" className="app__main" ref={mainRef} tabIndex={-1}>
          <ErrorBoundary key={pageKey}>
            <AppRoutes />
          </ErrorBoundary>
        </main>
      </div>
      <CommandPalette />
      <ToastRegion />
    </div>
  );
}
