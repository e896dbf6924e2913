// A stand-in for Vigil's HTTP API in component tests: answers by method and path, records calls.
import { vi } from 'vitest';

export interface Call {
  method: string;
  path: string;
  body: unknown;
  contentType: string | null;
}

type Answer = { status?: number; body: unknown } | ((call: Call) => { status?: number; body: unknown });

export function fakeApi(routes: Record<string, Answer>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://vigil.test');
    const method = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const raw = init?.body as string | undefined;
    let body: unknown = raw;
    if (raw && headers['Content-Type'] === 'application/json') body = JSON.parse(raw);
    const call = { method, path: url.pathname + url.search, body, contentType: headers['Content-Type'] ?? null };
    calls.push(call);
    const full = `${method} ${url.pathname}${url.search}`;
    const keys = Object.keys(routes);
    const key = keys.find((k) => k === full) ?? keys.find((k) => k === `${method} ${url.pathname}`) ?? keys.find((k) => full.startsWith(k));
    if (!key) return new Response(JSON.stringify({ status: 404, type: 'https://vigil.dev/problems/not-found' }), { status: 404 });
    const a = routes[key];
    const { status = 200, body: answer } = typeof a === 'function' ? a(call) : a;
    return new Response(JSON.stringify(answer), { status, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return { calls, posts: () => calls.filter((c) => c.method === 'POST') };
}
