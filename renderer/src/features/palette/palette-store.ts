import { create } from 'zustand';

interface PaletteState {
  readonly open: boolean;
  setOpen(open: boolean): void;
  toggle(): void;
}

export const usePaletteStore = create<PaletteState>()((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
  toggle: () => set(({ open }) => ({ open: !open })),
}));
