import { useEffect, useRef, useState } from 'react';

/**
 * A tenant's live changes from one of the API's Server-Sent-Event streams: `connected` first, then
 * one `event` per change with its JSON data. Returns whether the stream is connected (the browser
 * reconnects by itself; a malformed event is skipped, the next one carries the whole item again).
 */
export function useEventStream<T>(path: string, event: string, onEvent: (item: T) => void): boolean {
  const [live, setLive] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const es = new EventSource(path);
    es.addEventListener('connected', () => setLive(true));
    es.addEventListener(event, (e) => {
      let item: T;
      try {
        item = JSON.parse((e as MessageEvent).data) as T;
      } catch {
        return;
      }
      handler.current(item);
    });
    es.onerror = () => setLive(false);
    return () => es.close();
  }, [path, event]);
  return live;
}
