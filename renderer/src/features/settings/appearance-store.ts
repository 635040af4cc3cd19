import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

interface AppearanceState {
  readonly theme: ThemeChoice;
  setTheme(theme: ThemeChoice): void;
}

/** The reader's theme override; "system" follows the OS. Kept on this machine only. */
export const useAppearanceStore = create<AppearanceState>()(
  persist(
    (set) => ({
      theme: 'system',
      setTheme: (theme) => set({ theme }),
    }),
    {
      name: 'quorum.appearance',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: ({ theme }) => ({ theme }),
      merge: (persisted, current) => {
        const theme = (persisted as { theme?: unknown } | undefined)?.theme;
        return THEME_CHOICES.includes(theme as ThemeChoice) ? { ...current, theme: theme as ThemeChoice } : current;
      },
    },
  ),
);
