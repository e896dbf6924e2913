import { api, type Page } from '../../../lib/api-client';

export type Representation = 'canonical' | 'ecs' | 'ocsf';
export const REPRESENTATIONS: { value: Representation; label: string }[] = [
  { value: 'canonical', label: 'Canonical' },
  { value: 'ecs', label: 'ECS' },
  { value: 'ocsf', label: 'OCSF' },
];
export const CATEGORIES = ['auth', 'endpoint', 'network', 'cloud', 'k8s', 'storage', 'ops'];
export const OUTCOMES = ['success', 'failure', 'unknown'];

/** The filters of the event search, as they stand in the page's address. */
export const EVENT_FILTERS = ['from', 'to', 'category', 'type', 'outcome', 'user', 'ip', 'q', 'as'] as const;

/**
 * The query of GET /events: empty filters are left out, local date-times become instants, and
 * the canonical representation (the API's default) is not asked for by name.
 */
export function eventsQuery(filters: URLSearchParams, cursor?: string | null, limit = 50): string {
  const q = new URLSearchParams();
  for (const k of EVENT_FILTERS) {
    const v = filters.get(k)?.trim();
    if (!v || (k === 'as' && v === 'canonical')) continue;
    q.set(k, k === 'from' || k === 'to' ? new Date(v).toISOString() : v);
  }
  q.set('limit', String(limit));
  if (cursor) q.set('cursor', cursor);
  return q.toString();
}

/** Events as the API sends them: canonical documents, or ECS/OCSF ones when asked. */
export const searchEvents = (query: string) => api.get<Page<Record<string, any>>>(`/api/v1/events?${query}`);
