import { api } from '../../../lib/api-client';

export interface SyncStatus {
  paused: boolean;
  lastSuccess: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** seconds since each part last completed, null when it never did */
  lag: { agents: number | null; sca: number | null; alerts: number | null };
  syncedAt: { agents: string | null; sca: string | null; alerts: string | null };
  alertsIngested: number;
  /** whether the connection reads alerts from an indexer */
  indexer: boolean;
}

export interface WazuhConnection {
  name: string;
  managerUrl: string;
  status: SyncStatus;
}

export interface Agent {
  id: string;
  name: string | null;
  ip: string | null;
  status: string | null;
  version: string | null;
  os: { name: string | null; version: string | null; platform: string | null };
  lastKeepAlive: string | null;
  dateAdd: string | null;
  groups: string[];
  node: string | null;
  syncedAt: string;
}

export interface ScaPolicy {
  agentId: string;
  policyId: string;
  name: string | null;
  description: string | null;
  score: number | null;
  pass: number | null;
  fail: number | null;
  invalid: number | null;
  totalChecks: number | null;
  endScan: string | null;
  syncedAt: string;
}

export const AGENT_STATUSES = ['active', 'disconnected', 'pending', 'never_connected'] as const;

const base = (c: string) => `/api/v1/wazuh/${encodeURIComponent(c)}`;

export const listWazuhConnections = () => api.get<WazuhConnection[]>('/api/v1/wazuh');
export const syncStatus = (c: string) => api.get<SyncStatus>(`${base(c)}/status`);
export const listAgents = (c: string, f: { status?: string; q?: string; cursor?: string | null }) => {
  const p = new URLSearchParams({ limit: '50' });
  if (f.status) p.set('status', f.status);
  if (f.q) p.set('q', f.q);
  if (f.cursor) p.set('cursor', f.cursor);
  return api.get<{ items: Agent[]; nextCursor: string | null; syncedAt: string | null }>(`${base(c)}/agents?${p}`);
};
export const getAgent = (c: string, id: string) => api.get<Agent>(`${base(c)}/agents/${encodeURIComponent(id)}`);
export const agentSca = (c: string, id: string) =>
  api.get<{ items: ScaPolicy[]; syncedAt: string | null }>(`${base(c)}/agents/${encodeURIComponent(id)}/sca`);
export interface ScaCheck {
  id: number;
  title: string;
  description?: string;
  rationale?: string;
  remediation?: string;
  result?: string;
  compliance?: { key: string; value: string }[];
}

/** A live read a worker made through the connection. */
export interface Live<T> {
  items: T[];
  total: number;
  truncated: boolean;
  failed: unknown[];
  fetchedAt: string;
}

export const scaChecks = (c: string, id: string, policy: string, result = 'failed') =>
  api.get<Live<ScaCheck>>(`${base(c)}/agents/${encodeURIComponent(id)}/sca/${encodeURIComponent(policy)}/checks?result=${encodeURIComponent(result)}`);
/** A Wazuh alert about an agent, as the sync ingested it. */
export interface AgentAlert {
  time: string;
  eventId: string;
  ruleId: string | null;
  /** Wazuh's rule level, 0-15 */
  level: number | null;
  description: string | null;
  groups: string[];
  mitre: string[];
  location: string | null;
  srcIp: string | null;
  user: string | null;
}

export const agentAlerts = (c: string, id: string, cursor?: string | null) =>
  api.get<{ items: AgentAlert[]; nextCursor: string | null }>(
    `${base(c)}/agents/${encodeURIComponent(id)}/alerts?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
  );

/** A file-integrity record of an agent (Wazuh's syscheck database). */
export interface FimRecord {
  file: string;
  type?: string;
  date?: string;
  mtime?: string;
  changes?: number;
  size?: number;
  perm?: string;
  uname?: string;
  gname?: string;
  sha256?: string;
}

export const agentFim = (c: string, id: string, search?: string) =>
  api.get<Live<FimRecord>>(`${base(c)}/agents/${encodeURIComponent(id)}/fim${search ? `?search=${encodeURIComponent(search)}` : ''}`);

/** How a Wazuh rule level reads: 0-3 low, 4-7 medium, 8-11 high, 12-15 critical (Wazuh's own bands). */
export function levelBand(level: number | null): 'low' | 'medium' | 'high' | 'critical' | 'unknown' {
  if (level === null) return 'unknown';
  if (level >= 12) return 'critical';
  if (level >= 8) return 'high';
  if (level >= 4) return 'medium';
  return 'low';
}

export const syncNow = (c: string) => api.post<SyncStatus>(`${base(c)}/sync`, {});
export const pauseSync = (c: string) => api.post<SyncStatus>(`${base(c)}/sync/pause`, {});
export const resumeSync = (c: string) => api.post<SyncStatus>(`${base(c)}/sync/resume`, {});

export type EnrolOs = 'linux-deb' | 'linux-rpm' | 'windows' | 'macos';

/**
 * The commands that install an agent enrolled with this manager, as the Wazuh dashboard's
 * "Deploy new agent" writes them: the package of the manager's version (an agent may not be newer
 * than its manager), WAZUH_MANAGER set to the manager's host, optional group and agent name.
 */
export function enrolmentCommands(managerUrl: string, managerVersion: string | null, os: EnrolOs, group?: string, agentName?: string): string[] {
  const host = hostOf(managerUrl);
  const v = (managerVersion ?? '').replace(/^Wazuh\s+v?/i, '').replace(/^v/, '') || '4.14.1';
  const env = [`WAZUH_MANAGER='${host}'`];
  if (group) env.push(`WAZUH_AGENT_GROUP='${group}'`);
  if (agentName) env.push(`WAZUH_AGENT_NAME='${agentName}'`);
  switch (os) {
    case 'linux-deb':
      return [
        `wget https://packages.wazuh.com/4.x/apt/pool/main/w/wazuh-agent/wazuh-agent_${v}-1_amd64.deb && sudo ${env.join(' ')} dpkg -i ./wazuh-agent_${v}-1_amd64.deb`,
        'sudo systemctl daemon-reload && sudo systemctl enable wazuh-agent && sudo systemctl start wazuh-agent',
      ];
    case 'linux-rpm':
      return [
        `curl -o wazuh-agent-${v}-1.x86_64.rpm https://packages.wazuh.com/4.x/yum/wazuh-agent-${v}-1.x86_64.rpm && sudo ${env.join(' ')} rpm -ihv wazuh-agent-${v}-1.x86_64.rpm`,
        'sudo systemctl daemon-reload && sudo systemctl enable wazuh-agent && sudo systemctl start wazuh-agent',
      ];
    case 'windows':
      return [
        `Invoke-WebRequest -Uri https://packages.wazuh.com/4.x/windows/wazuh-agent-${v}-1.msi -OutFile $env:tmp\\wazuh-agent; msiexec.exe /i $env:tmp\\wazuh-agent /q ${env.join(' ')}`,
        'NET START WazuhSvc',
      ];
    case 'macos':
      return [
        `curl -so wazuh-agent.pkg https://packages.wazuh.com/4.x/macos/wazuh-agent-${v}-1.intel64.pkg && echo "${env.join(' && ')}" > /tmp/wazuh_envs && sudo installer -pkg ./wazuh-agent.pkg -target /`,
        'sudo /Library/Ossec/bin/wazuh-control start',
      ];
  }
}

/** The host of a manager URL (the agents connect to it on 1514/1515, not to the API port). */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** "3 min" for a lag in seconds. */
export function lagText(seconds: number | null): string {
  if (seconds === null) return 'never';
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** Wazuh writes 9999-12-31T23:59:59Z as the manager's own keep-alive: it never expires. */
export function keepAliveText(iso: string | null, format: (iso: string) => string): string {
  if (!iso) return '—';
  return iso.startsWith('9999-') ? 'never expires' : format(iso);
}
