import { create } from 'zustand';
import type { ConnectionTest } from './types';

export interface AddedNotice {
  readonly name: string;
  readonly kind: 'mlflow' | 'prometheus';
  readonly test: ConnectionTest | null;
}

/** What the Add form saved, said once on the list it returns to (then dismissed). */
export const useAddedStore = create<{ notice: AddedNotice | null; set(notice: AddedNotice | null): void }>()((set) => ({
  notice: null,
  set: (notice) => set({ notice }),
}));
