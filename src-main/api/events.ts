/**
 * The event channel: handlers emit typed events (import progress, later analysis progress); each transport
 * subscribes once with onAny and forwards every event to its renderers as {event, data}.
 */
import type { EventData, EventName } from './contract/index.js';

type AnyListener = (event: EventName, data: unknown) => void;

export class ApiEvents {
  private readonly listeners = new Set<AnyListener>();

  emit<E extends EventName>(event: E, data: EventData<E>): void {
    for (const l of [...this.listeners]) {
      try {
        l(event, data);
      } catch (e) {
        // One broken subscriber (a closed socket) must not stop progress reaching the others.
        console.error(`ecg-tlc: event listener failed for ${event}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /** Subscribe to every event; returns the function that unsubscribes. */
  onAny(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  on<E extends EventName>(event: E, listener: (data: EventData<E>) => void): () => void {
    return this.onAny((name, data) => {
      if (name === event) listener(data as EventData<E>);
    });
  }
}
