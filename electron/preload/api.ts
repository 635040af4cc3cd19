// Type-only imports: the sandboxed preload must not bundle zod or the schemas.
import type {
  Envelope,
  EventName,
  EventPayload,
  OperationInput,
  OperationName,
  OperationOutput,
  PlatformInfo,
  QuorumApi,
} from '@shared/contract';
import { IPC_CHANNELS } from '@shared/contract/ipc';

/** The push events a page may subscribe to. The type below fails to compile when the contract gains one. */
export const EVENT_NAMES = ['job.progress', 'data.changed', 'notification'] as const satisfies readonly EventName[];
type AssertNever<T extends never> = T;
export type _EveryEventListed = AssertNever<Exclude<EventName, (typeof EVENT_NAMES)[number]>>;

/** The members of Electron's ipcRenderer this bridge uses; nothing else of it reaches the page. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type Listener = (payload: unknown) => void;

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}

/**
 * `window.quorum` in the desktop app: the same QuorumApi that browser mode implements over
 * HTTP. It forwards calls on one channel and hands listeners the event payload only, never
 * Electron's event object (whose `sender` would expose ipcRenderer to the page).
 */
export function createPreloadApi(ipc: IpcRendererLike, platform: PlatformInfo): QuorumApi {
  const listeners = new Map<EventName, Set<Listener>>();
  let subscribed = false;

  // One ipcRenderer listener for all subscribers, attached only while someone listens.
  const onEvent = (_event: unknown, name: unknown, payload: unknown): void => {
    if (!isEventName(name)) return;
    for (const listener of [...(listeners.get(name) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        // One failing subscriber must not starve the others; rethrow where devtools shows it.
        setTimeout(() => {
          throw error;
        });
      }
    }
  };

  function updateSubscription(): void {
    const wanted = [...listeners.values()].some((set) => set.size > 0);
    if (wanted && !subscribed) ipc.on(IPC_CHANNELS.event, onEvent);
    if (!wanted && subscribed) ipc.removeListener(IPC_CHANNELS.event, onEvent);
    subscribed = wanted;
  }

  return {
    invoke<K extends OperationName>(operation: K, input: OperationInput<K>): Promise<Envelope<OperationOutput<K>>> {
      let sent: Promise<unknown>;
      try {
        sent = ipc.invoke(IPC_CHANNELS.invoke, operation, input);
      } catch (error) {
        // Electron throws synchronously when the input cannot be cloned (functions, DOM nodes…).
        return Promise.resolve(
          failure('invalid_input', `The input for "${String(operation)}" cannot be sent to the core: ${messageOf(error)}`),
        );
      }
      return sent.then(
        (envelope) => envelope as Envelope<OperationOutput<K>>,
        (error: unknown) => failure('internal', `The call to "${String(operation)}" did not reach the core: ${messageOf(error)}`),
      );
    },

    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      if (!isEventName(event)) throw new TypeError(`Unknown Quorum event "${String(event)}". Known events: ${EVENT_NAMES.join(', ')}.`);
      if (typeof listener !== 'function') throw new TypeError('A Quorum event listener must be a function.');
      const wrapped: Listener = (payload) => listener(payload as EventPayload<E>);
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(wrapped);
      updateSubscription();
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        listeners.get(event)?.delete(wrapped);
        updateSubscription();
      };
    },

    platform: Object.freeze({ shell: platform.shell, os: platform.os }),
  };
}

/** An error envelope built by hand: the shared `fail` helper lives beside the schemas, which stay out of the preload. */
function failure(code: 'invalid_input' | 'internal', message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
