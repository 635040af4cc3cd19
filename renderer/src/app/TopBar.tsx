import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { IdentitySwitcher } from '../features/governance/IdentitySwitcher';
import { JobsIndicator } from '../features/jobs/JobsIndicator';
import { usePaletteStore } from '../features/palette/palette-store';
import { TeamStatusIndicator } from '../features/team/TeamStatusIndicator';
import { systemInfoQuery } from '../features/workspace/queries';
import { Icon } from '../ui/Icon';
import { isApplePlatform } from './shortcuts';

export function TopBar() {
  const openPalette = usePaletteStore((state) => state.setOpen);
  const info = useQuery(systemInfoQuery());
  const apple = isApplePlatform();
  return (
    <header className="topbar">
      <Link href="/models" className="topbar__brand" aria-label="Quorum, go to Models">
        <svg className="topbar__logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
          <circle cx="16" cy="16" r="12" className="topbar__logo-ring" />
          <circle cx="16" cy="16" r="4" className="topbar__logo-core" />
        </svg>
        <span>Quorum</span>
      </Link>
      {info.data?.workspaceKind === 'demo' && <span className="topbar__workspace">Demo workspace</span>}
      <JobsIndicator />
      <TeamStatusIndicator />
      <button
        type="button"
        className="topbar__palette"
        onClick={() => openPalette(true)}
        aria-keyshortcuts={apple ? 'Meta+K' : 'Control+K'}
      >
        <Icon name="search" />
        <span>Search or jump to…</span>
        <kbd className="kbd">{apple ? '⌘' : 'Ctrl'}</kbd>
        <kbd className="kbd">K</kbd>
      </button>
      <IdentitySwitcher />
    </header>
  );
}
