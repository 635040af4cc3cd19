import { useEffect, useRef } from 'react';
import { useLocation } from 'wouter';
import { usePaletteStore } from '../features/palette/palette-store';
import { goToTarget, isTypingTarget, SEQUENCE_TIMEOUT_MS } from './shortcuts';

/** Ctrl/Cmd+K for the palette, "g" + letter to jump to a section, "/" to search models. */
export function useGlobalShortcuts(): void {
  const [, navigate] = useLocation();
  const togglePalette = usePaletteStore((state) => state.toggle);
  const pendingG = useRef<number | null>(null);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      if ((event.metaKey || event.ctrlKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        togglePalette();
        return;
      }
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey) return;
      if (isTypingTarget(event.target) || usePaletteStore.getState().open) return;

      const startedAt = pendingG.current;
      pendingG.current = null;
      if (startedAt !== null && event.timeStamp - startedAt < SEQUENCE_TIMEOUT_MS) {
        const target = goToTarget(event.key);
        if (target) {
          event.preventDefault();
          navigate(target);
          return;
        }
      }
      if (event.key === 'g') {
        pendingG.current = event.timeStamp;
        return;
      }
      if (event.key === '/') {
        const search = document.querySelector<HTMLInputElement>('[data-shortcut-target="model-search"]');
        if (search) {
          event.preventDefault();
          search.focus();
          search.select();
        }
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [navigate, togglePalette]);
}
