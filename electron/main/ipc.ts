import { fail, type Envelope, type EventName } from '@shared/contract';
import { IPC_CHANNELS } from '@shared/contract/ipc';
import type { Dispatch } from '../core/rpc/dispatch';

/*
 * The desktop transport of the core: one invoke channel in, one event channel out. Written
 * against the few members of Electron's objects it uses (types only), so tests drive it with
 * fakes under Node and prove it answers exactly like browser mode's HTTP transport.
 */

/** The part of a WebFrameMain the sender check reads. */
export interface SenderFrameLike {
  readonly url: string;
  /** null for a window's top frame. */
  readonly parent: unknown;
}

export interface InvokeEventLike {
  /** null when the frame navigated away or was destroyed before main looked. */
  readonly senderFrame: SenderFrameLike | null;
}

export type InvokeListener = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

export interface IpcMainLike {
  handle(channel: string, listener: InvokeListener): void;
  removeHandler(channel: string): void;
}

/** The part of a WebContents that push events are sent to. */
export interface EventTargetLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  getURL(): string;
}

export interface CoreLike {
  readonly dispatch: Dispatch;
  readonly events: { onAny(listener: (event: EventName, payload: unknown) => void): () => void };
}

export interface IpcOptions {
  /** Every window's contents, asked at each event so new windows are included. */
  windows(): Iterable<EventTargetLike>;
  /** Told about each refused call, for the log. */
  onForbidden?(url: string | null): void;
}

export const FORBIDDEN_SENDER: Envelope<never> = fail(
  'forbidden',
  "This page is not Quorum's own, so it cannot call Quorum's core. Reload the app if this persists.",
);

/**
 * Registers the invoke handler and forwards core events to every window showing the app.
 * Only the top frame of a page on the app's own origin may call; anything else (an iframe,
 * a page the window was somehow navigated to) gets `forbidden` and never reaches the core.
 * Returns a function that undoes both.
 */
export function registerIpc(ipcMain: IpcMainLike, core: CoreLike, isAppUrl: (url: string) => boolean, options: IpcOptions): () => void {
  ipcMain.handle(IPC_CHANNELS.invoke, async (event, operation, input) => {
    const frame = event.senderFrame;
    if (frame === null || frame.parent !== null || !isAppUrl(frame.url)) {
      options.onForbidden?.(frame?.url ?? null);
      return FORBIDDEN_SENDER;
    }
    try {
      // dispatch answers a non-string operation with `unknown_operation` itself.
      return await core.dispatch(operation as string, input);
    } catch {
      // dispatch maps every handler failure to an envelope; reaching here is a bug in the transport.
      return fail('internal', 'The desktop app failed to pass this call to the core.');
    }
  });

  const unsubscribe = core.events.onAny((event, payload) => {
    for (const target of options.windows()) {
      if (target.isDestroyed() || !isAppUrl(target.getURL())) continue;
      target.send(IPC_CHANNELS.event, event, payload);
    }
  });

  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.invoke);
    unsubscribe();
  };
}
