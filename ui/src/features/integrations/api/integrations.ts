import { api } from '../../../lib/api-client';

export interface SecretSpec {
  name: string;
  required: boolean;
  description: string | null;
}

export interface JsonSchema {
  type?: string;
  required?: string[];
  properties?: Record<string, { type?: string; description?: string; default?: unknown; format?: string }>;
}

export interface Provider {
  provider: string;
  title: string;
  description: string | null;
  config: JsonSchema;
  secrets: SecretSpec[];
}

export interface Connection {
  name: string;
  provider: string;
  config: Record<string, unknown>;
  /** the names of the secrets that are set — never their values */
  secrets: string[];
  version: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  warnings: string[];
  /** Slack connections: the Request URL to paste into the Slack app's Interactivity settings */
  interactionsUrl?: string | null;
}

export interface ConnectionVersion {
  version: number;
  config: Record<string, unknown>;
  secrets: string[];
  change: 'created' | 'updated' | 'secrets' | 'restored';
  changedBy: string;
  changedAt: string;
}

const base = (name: string) => `/api/v1/integrations/${encodeURIComponent(name)}`;

export const listProviders = () => api.get<Provider[]>('/api/v1/integrations/providers');
export const listConnections = () => api.get<Connection[]>('/api/v1/integrations');
export const createConnection = (c: { name: string; provider: string; config: unknown; secrets: Record<string, string> }) =>
  api.post<Connection>('/api/v1/integrations', c);
/** A change made against `version`: config replaces; a secret given sets it, null unsets it. */
export const updateConnection = (name: string, version: number, change: { config?: unknown; secrets?: Record<string, string | null> }) =>
  api.patch<Connection>(base(name), { version, ...change });
export const deleteConnection = (name: string) => api.del<void>(base(name));
export const connectionVersions = (name: string) => api.get<ConnectionVersion[]>(`${base(name)}/versions`);
export interface ConnectionTest {
  ok: boolean;
  /** what the worker reached, or why not — never a secret */
  message: string;
  latencyMs: number;
}

/** A worker logs in with the connection and makes one read-only call. */
export const testConnection = (name: string) => api.post<ConnectionTest>(`${base(name)}/test`, {});
export const restoreVersion = (name: string, version: number) => api.post<Connection>(`${base(name)}/versions/${version}/restore`, {});

/**
 * A configuration to start from: every property the provider's schema names, its default or an
 * empty text, required ones first.
 */
export function configTemplate(p: Provider): Record<string, unknown> {
  const props = p.config.properties ?? {};
  const required = p.config.required ?? [];
  const out: Record<string, unknown> = {};
  for (const k of [...required, ...Object.keys(props).filter((k) => !required.includes(k))]) {
    const prop = props[k] ?? {};
    if (prop.default !== undefined) out[k] = prop.default;
    else if (required.includes(k)) out[k] = prop.type === 'integer' || prop.type === 'number' ? 0 : '';
  }
  return out;
}

/** What changed between two configurations, key by key (top level), for the history's diff. */
export function configChanges(before: Record<string, unknown>, after: Record<string, unknown>) {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => ({
      key: k,
      op: !(k in before) ? ('added' as const) : !(k in after) ? ('removed' as const) : ('changed' as const),
      before: before[k],
      after: after[k],
    }));
}

/**
 * The secrets a form sends: the values typed (empty fields are left as they are), and null for
 * the optional ones marked to be removed.
 */
export function secretsChange(typed: Record<string, string>, removed: string[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(typed)) if (v !== '') out[k] = v;
  for (const k of removed) if (!(k in out)) out[k] = null;
  return out;
}
