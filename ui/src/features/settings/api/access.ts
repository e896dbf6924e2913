import { api, type Page } from '../../../lib/api-client';


export const ROLES = ['owner', 'admin', 'engineer', 'analyst', 'viewer', 'auditor'] as const;
/** API keys may also be ingestors: they send events and do nothing else. */
export const KEY_ROLES = [...ROLES, 'ingestor'] as const;

export interface Member {
  username: string;
  displayName: string | null;
  role: string;
  disabled: boolean;
  createdAt: string;
  createdBy: string | null;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  user: string;
  role: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  lastUsedAt: string | null;
}

export const listMembers = () => api.get<Page<Member>>('/api/v1/users?limit=200');
export const addMember = (m: { username: string; displayName?: string; role: string; password?: string }) => api.post<Member>('/api/v1/users', m);
export const changeMember = (username: string, change: { role?: string; disabled?: boolean }) =>
  api.patch<Member>(`/api/v1/users/${encodeURIComponent(username)}`, change);

export const listApiKeys = () => api.get<Page<ApiKey>>('/api/v1/api-keys?limit=200');
/** The answer carries the key's secret; it is shown once and never again. */
export const createApiKey = (k: { name: string; role?: string; expiresAt?: string }) => api.post<{ apiKey: ApiKey; key: string }>('/api/v1/api-keys', k);
export const revokeApiKey = (id: string) => api.post<ApiKey>(`/api/v1/api-keys/${encodeURIComponent(id)}/revoke`, {});

/** "active", "revoked", or "expired" at `now`. */
export function keyState(k: ApiKey, now: number): 'active' | 'revoked' | 'expired' {
  if (k.revokedAt) return 'revoked';
  if (k.expiresAt && Date.parse(k.expiresAt) <= now) return 'expired';
  return 'active';
}
