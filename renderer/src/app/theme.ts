import { useSyncExternalStore } from 'react';
import { useAppearanceStore } from '../features/settings/appearance-store';

export type ResolvedTheme = 'light' | 'dark';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function subscribeToSystemTheme(onChange: () => void): () => void {
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

function systemTheme(): ResolvedTheme {
  return window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

/** The theme on screen now: the reader's override, or the OS's. */
export function useResolvedTheme(): ResolvedTheme {
  const choice = useAppearanceStore((state) => state.theme);
  const system = useSyncExternalStore(subscribeToSystemTheme, systemTheme, () => 'light' as const);
  return choice === 'system' ? system : choice;
}

function applyThemeChoice(choice: string): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}

/**
 * Mirrors the override onto <html data-theme>; the stylesheets pick colours from it
 * (color-scheme + light-dark()), so "system" simply removes the attribute. Done in a store
 * subscription rather than an effect, so the page has its new colours before React renders
 * and charts read the right ones.
 */
export function installThemeAttribute(): () => void {
  applyThemeChoice(useAppearanceStore.getState().theme);
  return useAppearanceStore.subscribe((state) => applyThemeChoice(state.theme));
}
