import { api } from '../../../lib/api-client';

/** The events a route may send. */
export const EVENTS = [
  { key: 'approval.opened', label: 'Approval opened' },
  { key: 'approval.escalated', label: 'Approval escalated' },
  { key: 'approval.digest', label: 'Daily digest of pending approvals' },
  { key: 'incident.opened', label: 'Incident opened' },
  { key: 'incident.sla_breached', label: 'Incident SLA breached' },
  { key: 'billing.payment', label: 'Payment failed: grace period, reminders, downgrade' },
] as const;

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;

/** The providers whose connections are channels. */
export const CHANNEL_PROVIDERS = ['slack', 'smtp', 'webhook', 'pagerduty'];

export interface NotificationRoute {
  name: string;
  events: string[];
  /** empty: every severity */
  severities: string[];
  channel: { connection: string; provider: string | null; target: string | null };
  enabled: boolean;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export interface NotificationDelivery {
  key: string;
  route: string;
  event: string;
  connection: string;
  provider: string;
  target: string | null;
  status: 'sent' | 'failed';
  error: string | null;
  attempts: number;
  at: string;
}

export const listRoutes = () => api.get<{ items: NotificationRoute[] }>('/api/v1/notification-routes');
export const createRoute = (r: { name: string; events: string[]; severities: string[]; channel: { connection: string; target?: string } }) =>
  api.post<NotificationRoute>('/api/v1/notification-routes', r);
export const changeRoute = (name: string, change: { enabled?: boolean }) =>
  api.patch<NotificationRoute>(`/api/v1/notification-routes/${encodeURIComponent(name)}`, change);
export const deleteRoute = (name: string) => api.del<void>(`/api/v1/notification-routes/${encodeURIComponent(name)}`);
export const listDeliveries = () => api.get<{ items: NotificationDelivery[] }>('/api/v1/notification-deliveries?limit=50');

/** What the target field means for a channel's provider, or null when it takes none. */
export function targetHint(provider: string | undefined): { label: string; placeholder: string } | null {
  switch (provider) {
    case 'slack':
      return { label: 'Slack channel', placeholder: '#soc (empty: the connection’s default)' };
    case 'smtp':
      return { label: 'Recipients', placeholder: 'soc@example.com, lead@example.com' };
    default:
      return null;
  }
}

/** How a route's events and severities read in a table. */
export function describeRoute(r: NotificationRoute): string {
  const events = r.events.map((e) => EVENTS.find((x) => x.key === e)?.label ?? e).join(', ');
  return r.severities.length ? `${events} — ${r.severities.join(', ')} only` : events;
}
