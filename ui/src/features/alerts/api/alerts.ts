import { api, type CanonicalEvent, type Page, type Severity } from '../../../lib/api-client';

export type AlertStatus = 'open' | 'acknowledged' | 'closed';
export type Verdict = 'true_positive' | 'false_positive' | 'benign';

export const ALERT_STATUSES: AlertStatus[] = ['open', 'acknowledged', 'closed'];
export const VERDICTS: { verdict: Verdict; label: string }[] = [
  { verdict: 'true_positive', label: 'True positive' },
  { verdict: 'false_positive', label: 'False positive' },
  { verdict: 'benign', label: 'Benign' },
];

export interface Alert {
  id: string;
  rule: { key: string; version: number };
  title: string;
  severity: Severity;
  status: AlertStatus;
  entity: { kind: string; value: string } | null;
  group: Record<string, unknown> | null;
  firstSeen: string;
  lastSeen: string;
  eventCount: number;
  mitre: string[];
  incidentId: string | null;
  verdict: Verdict | null;
}

export interface AlertDetail extends Alert {
  evidence: CanonicalEvent[];
  feedback: { verdict: Verdict; comment: string | null; by: string; at: string } | null;
  statusBy: string | null;
  statusAt: string | null;
}

/** The filters of the alerts list, as they stand in the page's address. */
export const ALERT_FILTERS = ['rule', 'severity', 'status', 'entity', 'from', 'to'] as const;

/**
 * The query of GET /alerts for the page's filters: empty filters are left out, the local
 * date-times of the time range become instants.
 */
export function alertsQuery(filters: URLSearchParams, cursor?: string | null, limit = 50): string {
  const q = new URLSearchParams();
  for (const k of ALERT_FILTERS) {
    const v = filters.get(k)?.trim();
    if (!v) continue;
    q.set(k, k === 'from' || k === 'to' ? new Date(v).toISOString() : v);
  }
  q.set('limit', String(limit));
  if (cursor) q.set('cursor', cursor);
  return q.toString();
}

export const listAlerts = (query: string) => api.get<Page<Alert>>(`/api/v1/alerts?${query}`);
export const getAlert = (id: string) => api.get<AlertDetail>(`/api/v1/alerts/${encodeURIComponent(id)}`);
export const setAlertStatus = (id: string, status: 'acknowledged' | 'closed') =>
  api.post<Alert>(`/api/v1/alerts/${encodeURIComponent(id)}/status`, { status });
export const sendFeedback = (id: string, verdict: Verdict, comment: string) =>
  api.post<Alert>(`/api/v1/alerts/${encodeURIComponent(id)}/feedback`, { verdict, comment: comment.trim() || null });

export function verdictLabel(v: Verdict | null | undefined): string {
  return VERDICTS.find((x) => x.verdict === v)?.label ?? '—';
}

/** "src.ip 203.0.113.7 · user root" */
export function groupText(group: Record<string, unknown> | null | undefined): string {
  return Object.entries(group ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ');
}
