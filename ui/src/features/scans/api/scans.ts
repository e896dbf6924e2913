import { useEventStream } from '../../../lib/use-events';
import { api } from '../../../lib/api-client';

/** The scan profiles (fixed nmap arguments on the server). */
export const PROFILES = [
  { key: 'discovery', label: 'Discovery — which hosts are up', ports: false },
  { key: 'top-ports', label: 'Top 100 TCP ports', ports: true },
  { key: 'service-version', label: 'Top 1,000 TCP ports with versions and default scripts', ports: true },
  { key: 'full-tcp', label: 'Every TCP port', ports: true },
  { key: 'udp-top', label: 'Top 50 UDP ports (needs a root worker)', ports: true },
] as const;

export type ScanStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface ScanProgress {
  percent: number;
  hostsDone: number;
  hostsUp: number;
  hostsTotal: number;
  phase: string | null;
  elapsedSeconds: number;
  eta: string | null;
}

export interface ScanFinding {
  host: string;
  hostname: string | null;
  port: number;
  protocol: string;
  state: string;
  service: string | null;
  product: string | null;
  version: string | null;
  extraInfo: string | null;
  cpe: string[];
  scripts: Record<string, string>;
}

export interface Scan {
  scanId: string;
  target: string;
  profile: string;
  ports: string | null;
  status: ScanStatus;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  progress: ScanProgress | null;
  summary: { hostsUp: number; hostsDown: number; openPorts: number; findings: number; elapsedSeconds: number; nmapVersion: string } | null;
  error: string | null;
  hosts: { address: string; hostname: string | null; state: string; reason: string | null }[] | null;
  findings: ScanFinding[] | null;
}

export const listScans = (limit = 50) => api.get<{ items: Scan[]; nextCursor: string | null }>(`/api/v1/scans?limit=${limit}`);
export const getScan = (id: string) => api.get<Scan>(`/api/v1/scans/${encodeURIComponent(id)}`);
export const startScan = (s: { target: string; profile: string; ports?: string }) => api.post<Scan>('/api/v1/scans', s);
export const cancelScan = (id: string) => api.post<Scan>(`/api/v1/scans/${encodeURIComponent(id)}/cancel`, {});
export const exportUrl = (id: string, format: 'csv' | 'json' | 'pdf') => `/api/v1/scans/${encodeURIComponent(id)}/export?format=${format}`;
export const scanScope = () => api.get<{ scanScope: string[] }>('/api/v1/settings').then((s) => s.scanScope ?? []);

/** The tenant's scan changes as they happen (each progress heartbeat included); whether connected. */
export const useScanEvents = (onScan: (s: Scan) => void): boolean => useEventStream<Scan>('/api/v1/scans/stream', 'scan', onScan);

export const finished = (s: ScanStatus) => s === 'succeeded' || s === 'failed' || s === 'cancelled';

/** What changed between the previous scan's open ports and this one's. */
export function diffOpen(now: ScanFinding[], before: ScanFinding[]): { opened: ScanFinding[]; closed: ScanFinding[] } {
  const key = (f: ScanFinding) => `${f.host}/${f.protocol}/${f.port}`;
  const openNow = new Map(now.filter((f) => f.state === 'open').map((f) => [key(f), f]));
  const openBefore = new Map(before.filter((f) => f.state === 'open').map((f) => [key(f), f]));
  return {
    opened: [...openNow.entries()].filter(([k]) => !openBefore.has(k)).map(([, f]) => f),
    closed: [...openBefore.entries()].filter(([k]) => !openNow.has(k)).map(([, f]) => f),
  };
}

export interface ScanSchedule {
  name: string;
  target: string;
  profile: string;
  ports: string | null;
  cron: string | null;
  everySeconds: number;
  timezone: string;
  paused: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastScanId: string | null;
  lastError: string | null;
  createdBy: string;
}

export const listSchedules = () => api.get<{ items: ScanSchedule[] }>('/api/v1/scan-schedules');
export const createSchedule = (s: { name: string; target: string; profile: string; cron?: string; every?: string; timezone?: string }) =>
  api.post<ScanSchedule>('/api/v1/scan-schedules', s);
export const pauseSchedule = (name: string, paused: boolean) =>
  api.patch<ScanSchedule>(`/api/v1/scan-schedules/${encodeURIComponent(name)}`, { paused });
export const deleteSchedule = (name: string) => api.del<void>(`/api/v1/scan-schedules/${encodeURIComponent(name)}`);

/** When a schedule runs, in words. */
export function describeTiming(s: Pick<ScanSchedule, 'cron' | 'everySeconds' | 'timezone'>): string {
  if (s.cron) return `cron ${s.cron} (${s.timezone})`;
  const h = s.everySeconds / 3600;
  return Number.isInteger(h) ? `every ${h} h` : `every ${Math.round(s.everySeconds / 60)} min`;
}
