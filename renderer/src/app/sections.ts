import type { IconName } from '../ui/Icon';

export interface Section {
  readonly id: 'models' | 'lineage' | 'approvals' | 'drift' | 'reports' | 'audit' | 'settings';
  readonly label: string;
  readonly path: string;
  readonly icon: IconName;
  /** The key after "g" that jumps here ("g m" → Models). */
  readonly shortcut: string;
}

/** The left navigation, in the order of UX.md's information architecture. */
export const SECTIONS: readonly Section[] = [
  { id: 'models', label: 'Models', path: '/models', icon: 'box', shortcut: 'm' },
  { id: 'lineage', label: 'Lineage', path: '/lineage', icon: 'lineage', shortcut: 'l' },
  { id: 'approvals', label: 'Approvals', path: '/approvals', icon: 'stamp', shortcut: 'a' },
  { id: 'drift', label: 'Drift', path: '/drift', icon: 'activity', shortcut: 'd' },
  { id: 'reports', label: 'Reports', path: '/reports', icon: 'fileText', shortcut: 'r' },
  { id: 'audit', label: 'Audit', path: '/audit', icon: 'ledger', shortcut: 'u' },
  { id: 'settings', label: 'Settings', path: '/settings', icon: 'settings', shortcut: 's' },
];

/** The section a location belongs to, for aria-current in the navigation. */
export function sectionOf(location: string): Section | undefined {
  return SECTIONS.find((section) => location === section.path || location.startsWith(`${section.path}/`));
}
