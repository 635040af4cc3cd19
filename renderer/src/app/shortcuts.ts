import { SECTIONS } from './sections';

export interface ShortcutHelp {
  keys: readonly string[];
  description: string;
}

export function isApplePlatform(): boolean {
  return /mac|iphone|ipad/i.test(navigator.platform || navigator.userAgent);
}

/** Everything the keyboard can do, listed in the command palette. */
export function shortcutHelp(apple: boolean): ShortcutHelp[] {
  return [
    { keys: [apple ? '⌘' : 'Ctrl', 'K'], description: 'Open or close the command palette' },
    ...SECTIONS.map((section) => ({ keys: ['g', section.shortcut], description: `Go to ${section.label}` })),
    { keys: ['/'], description: 'Search models (on the Models screen)' },
    { keys: ['↑', '↓'], description: 'Move between rows of the models table' },
    { keys: ['Home', 'End'], description: 'First or last row of the models table' },
    { keys: ['←', '→'], description: 'Switch tabs on a version page' },
    { keys: ['Esc'], description: 'Close the command palette' },
  ];
}

/** Typing into a field must never trigger a single-letter shortcut. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}

/** Where "g" followed by this key goes, if anywhere. */
export function goToTarget(key: string): string | null {
  return SECTIONS.find((section) => section.shortcut === key.toLowerCase())?.path ?? null;
}

/** How long after "g" the second key still counts. */
export const SEQUENCE_TIMEOUT_MS = 1500;
