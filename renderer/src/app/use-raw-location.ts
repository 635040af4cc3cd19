import { useSyncExternalStore } from 'react';
import { rawHashPath } from './routes';

function subscribe(onChange: () => void): () => void {
  // The router's navigate() dispatches hashchange too, so this sees in-app navigation.
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The current hash path, still encoded; see parseModelAddress for why. */
export function useRawHashPath(): string {
  return useSyncExternalStore(
    subscribe,
    () => rawHashPath(window.location.hash),
    () => '/',
  );
}
