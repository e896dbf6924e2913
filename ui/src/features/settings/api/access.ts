import { api, type Page } from '../../../lib/api-client';


/** The built-in member roles, highest first. */
export const ROLES = ['owner', 'admin', 'engineer', 'analyst', 'viewer', 'auditor'] as const;
/** API keys may also be ingestors: they send events and do nothing else. */
export const KEY_ROLES = [...ROLES, 'ingestor'] as const;

/** A role of the tenant: built-in (fixed) or custom (composed from the permissions). */
export interface RoleInfo {
  name: string;
  description: string;
  builtIn: boolean;
  permissions: string[];
  /** custom roles: send it back with a change, so a change made meanwhile is not overwritten */
  version: number | null;
  createdBy: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
  /** only when one role is read */
  holders: { members: number; apiKeys: number } | null;
}

export const listRoles = () => api.get<{ items: RoleInfo[] }>('/api/v1/roles');
export const getRole = (name: string) => api.get<RoleInfo>(`/api/v1/roles/${encodeURIComponent(name)}`);
export const createRole = (r: { name: string; description?: string; permissions: string[] }) => api.post<RoleInfo>('/api/v1/roles', r);
export const updateRole = (name: string, change: { description?: string; permissions?: string[]; version?: number }) =>
  api.patch<RoleInfo>(`/api/v1/roles/${encodeURIComponent(name)}`, change);
export const deleteRole = (name: string) => api.del<void>(`/api/v1/roles/${encodeURIComponent(name)}`);

/**
 * The roles a member (`forKey` false: every role but ingestor) or an API key may be given: the
 * tenant's, when they could be read, else the built-in ones.
 */
export function roleNames(roles: RoleInfo[] | null, forKey: boolean): string[] {
  const names = roles ? roles.map((r) => r.name) : [...KEY_ROLES];
  return forKey ? names : names.filter((n) => n !== 'ingestor');
}

/** Every permission a role may grant: the owner's, which are all of them but the platform's own. */
export function grantablePermissions(roles: RoleInfo[]): string[] {
  return roles.find((r) => r.name === 'owner')?.permissions ?? [];
}

export interface Member {
  username: string;
  displayName: string | null;
  role: string;
  disabled: boolean;
  createdAt: string;
  createdBy: string | null;
  /** where this member gets mail here, and how Slack recognises them */
  email?: string | null;
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
export const addMember = (m: { username: string; displayName?: string; role: string; password?: string; email?: string }) => api.post<Member>('/api/v1/users', m);
export const changeMember = (username: string, change: { role?: string; disabled?: boolean; email?: string }) =>
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
