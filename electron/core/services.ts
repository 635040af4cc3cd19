import type { EventBus } from './events/event-bus';
import type { SecretStore } from './secrets/secret-store';
import type { WorkspaceStore } from './store/open-store';

/** What handlers are built from; one per open workspace. */
export interface CoreServices {
  readonly store: WorkspaceStore;
  readonly events: EventBus;
  readonly now: () => number;
  readonly appVersion: string;
  readonly resourcesDir: string;
  readonly workspaceKind: 'user' | 'demo';
  /** Where tokens and private keys live: the OS keychain on the desktop, a 0600 file headless. */
  readonly secrets: SecretStore;
}
