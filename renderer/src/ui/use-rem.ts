import { useSyncExternalStore } from 'react';

function rootFontSize(): number {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

function subscribe(onChange: () => void): () => void {
  // A change of the reader's font size or zoom comes with a resize.
  window.addEventListener('resize', onChange);
  return () => window.removeEventListener('resize', onChange);
}

/** Pixels in one rem now, so measurements in JS scale with the system font size like the CSS does. */
export function useRemInPixels(): number {
  return useSyncExternalStore(subscribe, rootFontSize, () => 16);
}
