import { api, upload, type Page } from '../../../lib/api-client';

export interface DlpFinding {
  pattern: string;
  count: number;
  firstLine: number;
  sample: string;
}

export interface StoredFile {
  fileId: string;
  name: string;
  size: number;
  contentType: string;
  sha256: string;
  kind: 'upload' | 'report';
  tags: string[];
  readPermission: string | null;
  createdBy: string;
  createdAt: string;
  dlp: { scanned: boolean; findings: DlpFinding[] } | null;
  downloads: { at: string; by: string; via: string; ip: string | null }[] | null;
}

export interface Usage {
  usedBytes: number;
  quotaBytes: number;
  maxUploadBytes: number;
  allowedTypes: string[];
}

export interface FileFilters {
  q?: string;
  tag?: string;
  type?: string;
  kind?: string;
  from?: string;
  to?: string;
}

const query = (f: FileFilters & { limit?: number; cursor?: string | null }) =>
  Object.entries(f)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

const path = (id: string) => `/api/v1/files/${encodeURIComponent(id)}`;

export const listFiles = (f: FileFilters, cursor: string | null = null, limit = 50) =>
  api.get<Page<StoredFile>>(`/api/v1/files?${query({ ...f, limit, cursor })}`);
export const getFile = (id: string) => api.get<StoredFile>(path(id));
export const fileUsage = () => api.get<Usage>('/api/v1/files/usage');
export const deleteFile = (id: string) => api.del<void>(path(id));
export const downloadUrl = (id: string) => `${path(id)}/download`;
export const signedLink = (id: string) => api.post<{ url: string; expiresAt: string }>(`${path(id)}/link`, {});

export function uploadFile(file: File, tags: string[], onProgress: (percent: number) => void) {
  const form = new FormData();
  form.append('file', file, file.name);
  tags.forEach((t) => form.append('tags', t));
  return upload<StoredFile>('/api/v1/files', form, (sent, total) => onProgress(Math.round((sent * 100) / total)));
}

/** Bytes in the unit a person reads: 1.5 MiB. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** Content types the browser can guess from a name, for the check before sending. */
const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  md: 'text/markdown',
  exe: 'application/x-msdownload',
  dll: 'application/x-msdownload',
  msi: 'application/x-msi',
  sh: 'application/x-sh',
  html: 'text/html',
  htm: 'text/html',
  svg: 'image/svg+xml',
};

/**
 * Why the server would refuse {@code file} before any byte is sent, or null. The server checks the
 * content itself (magic bytes); this only spares a person a long upload that cannot succeed.
 */
export function precheck(file: File, usage: Usage | null, queuedBytes = 0): string | null {
  if (!usage) return null;
  if (file.size === 0) return 'The file is empty.';
  if (file.size > usage.maxUploadBytes) return `Too large: ${formatBytes(file.size)}, the limit is ${formatBytes(usage.maxUploadBytes)}.`;
  if (usage.usedBytes + queuedBytes + file.size > usage.quotaBytes)
    return `Over the tenant's storage quota: ${formatBytes(usage.quotaBytes - usage.usedBytes - queuedBytes)} left.`;
  const ext = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
  const type = BY_EXTENSION[ext] ?? null; // otherwise only the content tells: the server decides
  if (type && !usage.allowedTypes.includes(type)) return `Files of type ${type} are not stored here.`;
  return null;
}

// ---- reports

export type ReportType = 'scan' | 'incident' | 'executive_summary' | 'audit';
export const REPORT_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'expired'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface Report {
  reportId: string;
  type: ReportType;
  params: Record<string, string>;
  format: 'pdf' | 'csv' | 'json';
  status: ReportStatus;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  fileId: string | null;
  size: number | null;
  pages: number | null;
  error: string | null;
  schedule: string | null;
  deliveredTo: string[] | null;
  deliveredAt: string | null;
  deliveryError: string | null;
  /** when retention will delete the file (a finished report, the tenant keeping reports for a while) */
  expiresAt: string | null;
  /** when retention deleted the file */
  expiredAt: string | null;
}

export const REPORT_TYPES: { key: ReportType; label: string; needs: string }[] = [
  { key: 'executive_summary', label: 'Executive summary for a period', needs: 'incident.read' },
  { key: 'incident', label: 'Incident report', needs: 'incident.read' },
  { key: 'scan', label: 'Scan report', needs: 'scan.read' },
  { key: 'audit', label: 'Audit report for a period', needs: 'audit.read' },
];

export const listReports = (status?: ReportStatus | '', limit = 50) =>
  api.get<Page<Report>>(`/api/v1/reports?limit=${limit}${status ? `&status=${status}` : ''}`);
export const createReport = (r: { type: ReportType; format: string; params: Record<string, string> }) => api.post<Report>('/api/v1/reports', r);

// ---- report schedules

export type ReportPeriod = 'day' | 'week' | 'month';

export interface ReportSchedule {
  name: string;
  type: 'executive_summary' | 'audit';
  format: 'pdf' | 'csv' | 'json';
  period: ReportPeriod;
  connection: string;
  to: string[];
  cron: string | null;
  everySeconds: number;
  timezone: string;
  paused: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastReportId: string | null;
  lastError: string | null;
  createdBy: string;
}

export interface NewReportSchedule {
  name: string;
  type: string;
  format: string;
  period: string;
  connection: string;
  to: string[];
  cron?: string;
  timezone?: string;
  every?: string;
}

const schedulePath = (name: string) => `/api/v1/report-schedules/${encodeURIComponent(name)}`;
export const listReportSchedules = () => api.get<{ items: ReportSchedule[] }>('/api/v1/report-schedules');
export const createReportSchedule = (s: NewReportSchedule) => api.post<ReportSchedule>('/api/v1/report-schedules', s);
export const pauseReportSchedule = (name: string, paused: boolean) => api.patch<ReportSchedule>(schedulePath(name), { paused });
export const runReportSchedule = (name: string) => api.post<void>(`${schedulePath(name)}/run`, {});
export const deleteReportSchedule = (name: string) => api.del<void>(schedulePath(name));
