import { useEventStream } from '../../../lib/use-events';
import { api, type Approval, type Page, type Severity } from '../../../lib/api-client';

export type IncidentStatus = 'new' | 'acknowledged' | 'in_progress' | 'contained' | 'resolved' | 'closed';
export type CloseReason = 'true_positive' | 'false_positive' | 'benign' | 'duplicate' | 'other';

export const INCIDENT_STATUSES: IncidentStatus[] = ['new', 'acknowledged', 'in_progress', 'contained', 'resolved', 'closed'];
export const CLOSE_REASONS: { reason: CloseReason; label: string }[] = [
  { reason: 'true_positive', label: 'True positive' },
  { reason: 'false_positive', label: 'False positive' },
  { reason: 'benign', label: 'Benign' },
  { reason: 'duplicate', label: 'Duplicate' },
  { reason: 'other', label: 'Other' },
];
export const TLPS = ['clear', 'green', 'amber', 'red'] as const;
export const OBSERVABLE_KINDS = ['ip', 'domain', 'url', 'hash', 'email', 'user', 'host'] as const;

export interface Entity {
  kind: string;
  value: string;
}

export interface Sla {
  acknowledgeBy: string | null;
  containBy: string | null;
  resolveBy: string | null;
  breached: boolean;
  paused: boolean;
  breaches: number;
  warnings: number;
}

/** One incident as the queue lists it (and as the event stream sends it). */
export interface Incident {
  id: string;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  assignee: string | null;
  entities: Entity[];
  tags: string[];
  alertCount: number;
  eventCount: number;
  openedAt: string;
  updatedAt: string;
  closeReason: CloseReason | null;
  mergedInto: string | null;
  sla: Sla;
}

export interface IncidentAlert {
  id: string;
  rule: { key: string; version: number };
  title: string;
  severity: Severity;
  status: string;
  entity: Entity | null;
  firstSeen: string;
  lastSeen: string;
  eventCount: number;
  mitre: string[];
  origin: { incidentId: string | null; attachedAt: string | null; attachedBy: string | null } | null;
}

export interface TimelineEntry {
  seq: number;
  at: string;
  actor: string;
  kind: string;
  summary: string;
  data: Record<string, unknown> | null;
  origin: string | null;
}

export interface Observable {
  kind: string;
  value: string;
  tlp: string;
  firstSeen: string;
  lastSeen: string;
  sightings: { incidents: number; alerts: number; firstSeen: string | null; lastSeen: string | null; otherIncidents: string[] } | null;
  sources: string[];
  origin: string | null;
}

/** A run's approval as the incident shows it: the approvals inbox's shape, perhaps without the run's fields. */
export type RunApproval = Pick<Approval, 'stepId' | 'prompt' | 'status' | 'openedAt' | 'dueAt' | 'quorum' | 'votes'> &
  Partial<Omit<Approval, 'stepId' | 'prompt' | 'status' | 'openedAt' | 'dueAt' | 'quorum' | 'votes'>>;

export interface IncidentRun {
  runId: string;
  playbook: string;
  status: string;
  responseId: string | null;
  startedAt: string;
  approvals: RunApproval[];
}

export interface Task {
  id: string;
  title: string;
  mandatory: boolean;
  playbook: string | null;
  status: 'open' | 'done' | 'skipped';
  assignee: string | null;
  due: string | null;
}

export interface IncidentDetail extends Incident {
  description: string | null;
  correlationKey: string | null;
  durations: { timeToAcknowledge: number | null; timeToContain: number | null; timeToResolve: number | null; handlingTime: number | null };
  alerts: IncidentAlert[];
  timeline: TimelineEntry[];
  observables: Observable[];
  runs: IncidentRun[];
  tasks: Task[];
  /** the incident's workflow in the Temporal UI, when one is configured */
  temporalUiUrl?: string | null;
}

export interface BulkResult {
  results: { id: string; ok: boolean; status?: string; error?: string }[];
}

// ---- the queue's filters

/** The filters of the queue as they stand in the page's address; `status` defaults to open. */
export const INCIDENT_FILTERS = ['status', 'severity', 'assignee', 'breached', 'tag', 'q'] as const;
export const ANY_STATUS = 'any';

export function statusFilter(filters: URLSearchParams): string {
  return filters.get('status') || 'open';
}

/** The query of GET /incidents for the page's filters: empty filters (and status "any") are left out. */
export function incidentsQuery(filters: URLSearchParams, cursor?: string | null, limit = 50): string {
  const q = new URLSearchParams();
  for (const k of INCIDENT_FILTERS) {
    const v = k === 'status' ? statusFilter(filters) : filters.get(k)?.trim();
    if (!v || (k === 'status' && v === ANY_STATUS)) continue;
    q.set(k, v);
  }
  q.set('limit', String(limit));
  if (cursor) q.set('cursor', cursor);
  return q.toString();
}

/**
 * Whether an incident still belongs in a queue with these filters, for the filters the UI can
 * check itself (free text is the server's business: an item already shown stays).
 */
export function matchesFilters(i: Incident, filters: URLSearchParams): boolean {
  const status = statusFilter(filters);
  if (status === 'open' && (i.status === 'resolved' || i.status === 'closed')) return false;
  if (status !== 'open' && status !== ANY_STATUS && i.status !== status) return false;
  const sev = filters.get('severity');
  if (sev && i.severity !== sev) return false;
  const assignee = filters.get('assignee')?.trim();
  if (assignee && i.assignee !== assignee) return false;
  const breached = filters.get('breached');
  if (breached && String(i.sla.breached) !== breached) return false;
  const tag = filters.get('tag')?.trim();
  if (tag && !i.tags.includes(tag)) return false;
  return true;
}

// ---- the lifecycle, as the server enforces it (a refused move still answers 409 with `allowed`)

const NEXT: Record<IncidentStatus, IncidentStatus[]> = {
  new: ['acknowledged', 'in_progress', 'contained', 'resolved', 'closed'],
  acknowledged: ['in_progress', 'contained', 'resolved', 'closed'],
  in_progress: ['contained', 'resolved', 'closed'],
  contained: ['in_progress', 'resolved', 'closed'],
  resolved: ['in_progress', 'closed'],
  closed: ['in_progress'],
};

/** The statuses a person may move an incident to from {@code status}, in lifecycle order. */
export function nextStatuses(status: IncidentStatus): IncidentStatus[] {
  return NEXT[status] ?? [];
}

export const needsReason = (s: IncidentStatus) => s === 'resolved' || s === 'closed';
export const isDone = (s: IncidentStatus) => s === 'resolved' || s === 'closed';

/** "in progress"; moving a resolved or closed incident back to work reads "reopen". */
export function statusLabel(to: IncidentStatus, from?: IncidentStatus): string {
  if (to === 'in_progress' && from && isDone(from)) return 'reopen';
  return to.replace('_', ' ');
}

export function reasonLabel(r: string | null | undefined): string {
  return CLOSE_REASONS.find((x) => x.reason === r)?.label ?? (r ? r.replace('_', ' ') : '—');
}

// ---- calls

const base = (id: string) => `/api/v1/incidents/${encodeURIComponent(id)}`;

export const listIncidents = (query: string) => api.get<Page<Incident>>(`/api/v1/incidents?${query}`);
export const getIncident = (id: string) => api.get<IncidentDetail>(base(id));
export const createIncident = (body: { title: string; severity: Severity; description: string }) =>
  api.post<IncidentDetail>('/api/v1/incidents', body);
export const acknowledge = (id: string) => api.post<IncidentDetail>(`${base(id)}/acknowledge`, {});
export const assign = (id: string, assignee: string | null) => api.post<IncidentDetail>(`${base(id)}/assign`, { assignee });
export const setStatus = (id: string, status: IncidentStatus, reason?: CloseReason) =>
  api.post<IncidentDetail>(`${base(id)}/status`, reason ? { status, reason } : { status });
export const setSeverity = (id: string, severity: Severity) => api.post<IncidentDetail>(`${base(id)}/severity`, { severity });
export const comment = (id: string, body: string) => api.post<IncidentDetail>(`${base(id)}/comments`, { body });
export const changeTags = (id: string, add: string[], remove: string[]) => api.post<IncidentDetail>(`${base(id)}/tags`, { add, remove });
export const addObservable = (id: string, o: { kind: string; value: string; tlp: string }) =>
  api.post<IncidentDetail>(`${base(id)}/observables`, o);
export const linkAlert = (id: string, alertId: string) => api.post<IncidentDetail>(`${base(id)}/alerts`, { alertId });
export const unlinkAlert = (id: string, alertId: string) => api.del<IncidentDetail>(`${base(id)}/alerts/${encodeURIComponent(alertId)}`);
export const merge = (id: string, into: string) => api.post<IncidentDetail>(`${base(id)}/merge`, { into });
export const setSlaPaused = (id: string, paused: boolean, reason?: string) =>
  api.post<IncidentDetail>(`${base(id)}/sla`, reason ? { paused, reason } : { paused });
export const updateTask = (id: string, taskId: string, change: { status?: Task['status']; assignee?: string | null; due?: string | null }) =>
  api.post<IncidentDetail>(`${base(id)}/tasks/${encodeURIComponent(taskId)}`, change);
/** Starts the playbook bound to a task: a run linked to the incident (its response id is `task:<id>`), started by the caller. */
export const runTask = (id: string, taskId: string) =>
  api.post<IncidentDetail>(`${base(id)}/tasks/${encodeURIComponent(taskId)}/run`, {});
export const bulk = (ids: string[], action: 'acknowledge' | 'assign', assignee?: string | null) =>
  api.post<BulkResult>('/api/v1/incidents/bulk', action === 'assign' ? { ids, action, assignee } : { ids, action });
export const decideApproval = (runId: string, stepId: string, decision: 'approve' | 'reject', note: string) =>
  api.post(`/api/v1/runs/${runId}/approvals/${encodeURIComponent(stepId)}`, { decision, comment: note.trim() || undefined });

/**
 * The tenant's incident changes as they happen (Server-Sent Events, one `incident` event with the
 * list item per change). Returns whether the stream is connected.
 */
export const useIncidentEvents = (onIncident: (i: Incident) => void): boolean =>
  useEventStream<Incident>('/api/v1/incidents/stream', 'incident', onIncident);

/** "ana", "group soc-l2", or "nobody". */
export function assigneeText(a: string | null | undefined): string {
  if (!a) return 'nobody';
  return a.startsWith('group:') ? `group ${a.slice(6)}` : a;
}
