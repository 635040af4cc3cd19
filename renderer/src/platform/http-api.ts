import type { Envelope, EventName, EventPayload, OperationName, PlatformInfo, QuorumApi } from '@shared/contract';
import { failure, isEnvelope } from './envelope';
import { CACHED_TOPICS } from './query-keys';

/** The part of EventSource this module uses, so tests can hand in a fake. */
export interface EventStream {
  addEventListener(type: string, listener: (event: MessageEvent<string> | Event) => void): void;
  close(): void;
}

export interface HttpApiOptions {
  /** Where `quorum serve` answers; the page's own origin by default. */
  baseUrl?: string;
  fetch?: typeof fetch;
  openEventStream?: (url: string) => EventStream;
  platform?: PlatformInfo;
}

type Listener = (payload: unknown) => void;

/**
 * Browser mode's transport: operations are `POST /rpc/<operation>` with the same envelopes as
 * IPC, push events come over one shared Server-Sent Events stream. The session cookie set by
 * the launch URL authenticates both, so nothing here handles the token.
 */
export function createHttpApi(options: HttpApiOptions = {}): QuorumApi {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const openEventStream = options.openEventStream ?? ((url: string) => new EventSource(url));
  const listeners = new Map<EventName, Set<Listener>>();
  let stream: EventStream | null = null;
  const streamedEvents = new Set<EventName>();

  async function invoke(operation: OperationName, input: unknown): Promise<Envelope<unknown>> {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}/rpc/${encodeURIComponent(operation)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
    } catch (error) {
      return failure('unavailable', 'Quorum’s server did not answer.', {
        operation,
        cause: error instanceof Error ? error.message : String(error),
      });
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    if (isEnvelope(body)) return body;
    return failure('internal', `Quorum’s server sent an unreadable answer to "${operation}" (HTTP ${response.status}).`, {
      operation,
      status: response.status,
    });
  }

  function deliver(event: EventName, message: MessageEvent<string> | Event): void {
    if (!('data' in message) || typeof message.data !== 'string') return;
    let payload: unknown;
    try {
      payload = JSON.parse(message.data);
    } catch {
      return;
    }
    emit(event, payload);
  }

  function emit(event: EventName, payload: unknown): void {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  }

  function openStream(): EventStream {
    const opened = openEventStream(`${baseUrl}/events`);
    // EventSource reconnects by itself, but events sent while it was away are lost:
    // after a reconnect, treat everything as changed so the screens refetch.
    let dropped = false;
    opened.addEventListener('error', () => {
      dropped = true;
    });
    opened.addEventListener('open', () => {
      if (!dropped) return;
      dropped = false;
      emit('data.changed', { topics: [...CACHED_TOPICS] });
    });
    return opened;
  }

  function ensureStream(event: EventName): EventStream {
    stream ??= openStream();
    if (!streamedEvents.has(event)) {
      streamedEvents.add(event);
      stream.addEventListener(event, (message) => deliver(event, message));
    }
    return stream;
  }

  function closeStreamWhenUnused(): void {
    for (const set of listeners.values()) if (set.size > 0) return;
    stream?.close();
    stream = null;
    streamedEvents.clear();
  }

  return {
    invoke: invoke as QuorumApi['invoke'],
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      const untyped = listener as Listener;
      set.add(untyped);
      ensureStream(event);
      return () => {
        set.delete(untyped);
        closeStreamWhenUnused();
      };
    },
    platform: options.platform ?? { shell: 'browser', os: browserOs() },
  };
}

function browserOs(): string {
  const withHints = navigator as Navigator & { userAgentData?: { platform?: string } };
  return withHints.userAgentData?.platform || navigator.platform || 'unknown';
}
