import { api, type Page } from '../../../lib/api-client';

export interface TenantSettings {
  timezone: string;
  retentionDays: number;
  /** source (`format` or `format/system`, or `*`) → longest silence allowed, e.g. `1h` */
  sourceSilence: Record<string, string>;
  /** how long a Wazuh agent may stay disconnected before an alert, e.g. `1h` */
  agentDisconnectedAfter: string;
  /** days a finished report is kept before retention deletes its file; 0 keeps it */
  reportRetentionDays: number;
}

export const LIMITS = [
  ['members', 'Members'],
  ['wazuhAgents', 'Wazuh agents'],
  ['scansPerDay', 'Scans today'],
  ['concurrentScans', 'Scans queued or running'],
  ['runsPerMonth', 'Playbook runs this month'],
  ['eventsPerDay', 'Events today'],
  ['eventRetentionDays', 'Event retention (days)'],
  ['fileStorageBytes', 'File storage'],
] as const;
export type Limit = (typeof LIMITS)[number][0];

export interface Entitlements {
  plan: string;
  title: string;
  status: string;
  /** whether this installation bills through Stripe */
  billing: boolean;
  /** null: unlimited */
  limits: Record<Limit, number | null>;
  modules: string[];
  usage: Record<Limit, number>;
  graceUntil: string | null;
  /** the installation's plans, in its plans file's order */
  plans: PlanOffer[];
}

/** One plan of the installation; `sold` ones can be bought through Stripe Checkout. */
export interface PlanOffer {
  name: string;
  title: string;
  sold: boolean;
  limits: Record<Limit, number | null>;
  modules: string[];
}

export const getEntitlements = () => api.get<Entitlements>('/api/v1/entitlements');

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  outcome: string;
  details: Record<string, unknown>;
}

export interface Verification {
  valid: boolean;
  checked: number;
  firstBrokenId: number | null;
  reason: string | null;
}

export const getSettings = () => api.get<TenantSettings>('/api/v1/settings');
export const patchSettings = (change: Partial<TenantSettings>) => api.patch<TenantSettings>('/api/v1/settings', change);

export const AUDIT_FILTERS = ['action', 'actor', 'outcome', 'from', 'to'] as const;
export type AuditFilters = Partial<Record<(typeof AUDIT_FILTERS)[number], string>>;

/** The audit trail's query: the filters that are set, a page size, and the cursor to go on from. */
export function auditQuery(f: AuditFilters, cursor?: string | null): string {
  const q = new URLSearchParams();
  for (const k of AUDIT_FILTERS) {
    const v = f[k]?.trim();
    if (v) q.set(k, k === 'from' || k === 'to' ? new Date(v).toISOString() : v);
  }
  q.set('limit', '50');
  if (cursor) q.set('cursor', cursor);
  return q.toString();
}

export const listAudit = (f: AuditFilters, cursor?: string | null) => api.get<Page<AuditEntry>>(`/api/v1/audit?${auditQuery(f, cursor)}`);
export const verifyAudit = () => api.get<Verification>('/api/v1/audit/verify');
