import { EventEmitter } from 'node:events';
import { EVENTS, type EventName, type EventPayload } from '@shared/contract';

export type AnyEventListener = (event: EventName, payload: unknown) => void;

/** Typed push events from the core; transports subscribe with onAny and forward. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open window and SSE client subscribes; the default limit of 10 is too low.
    this.emitter.setMaxListeners(0);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    // Validate what leaves the core, as operations do.
    const checked = EVENTS[event].parse(payload);
    this.emitter.emit('event', event, checked);
  }

  onAny(listener: AnyEventListener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
