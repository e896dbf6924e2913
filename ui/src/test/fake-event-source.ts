// A stand-in for the browser's EventSource in component tests: records the streams opened and
// lets a test send them named events.
import { vi } from 'vitest';

export class FakeEventSource {
  static opened: FakeEventSource[] = [];
  readonly url: string;
  onerror: (() => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((e: MessageEvent) => void)[]>();
  constructor(url: string) {
    this.url = url;
    FakeEventSource.opened.push(this);
  }
  addEventListener(name: string, fn: (e: MessageEvent) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
  }
  close() {
    this.closed = true;
  }
  /** Sends event {@code name} with {@code data} (JSON-encoded) to the page. */
  emit(name: string, data: unknown = {}) {
    for (const fn of this.listeners.get(name) ?? []) fn(new MessageEvent(name, { data: JSON.stringify(data) }));
  }
}

export function fakeEventSource() {
  FakeEventSource.opened = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  return {
    /** The open stream at {@code url}. */
    stream: (url: string) => {
      const s = [...FakeEventSource.opened].reverse().find((x) => x.url === url && !x.closed);
      if (!s) throw new Error(`no open stream at ${url}`);
      return s;
    },
  };
}
