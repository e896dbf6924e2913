import { useCallback, useEffect, useState } from 'react';

/** Loads something, with loading and error states and a reload. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const run = useCallback(() => {
    setLoading(true);
    load()
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch(setError)
      .finally(() => setLoading(false));
  }, deps);
  useEffect(run, [run]);
  return { data, error, loading, reload: run, setData };
}

/** The current time, ticking every second (countdowns). */
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}

/** Calls {@code tick} every {@code ms} while the page is visible and {@code on} holds (live lists). */
export function usePolling(tick: () => void, ms: number, on = true) {
  useEffect(() => {
    if (!on) return;
    const t = setInterval(() => {
      if (document.visibilityState !== 'hidden') tick();
    }, ms);
    return () => clearInterval(t);
  }, [tick, ms, on]);
}
