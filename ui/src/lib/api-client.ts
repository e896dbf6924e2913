// The one way the UI talks to Vigil: same-origin fetch with the session cookie, the CSRF token on
// writes, and RFC 7807 problems turned into ApiError.

export interface FieldError {
  pointer: string;
  message: string;
  hint?: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  /** A refused transition: the states that are allowed from here (409). */
  allowed?: string[];
}

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.problem = problem;
  }
  get status() {
    return this.problem.status;
  }
  /** The last segment of the problem type, e.g. "four-eyes". */
  get kind() {
    return (this.problem.type ?? '').split('/').pop() ?? '';
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

async function request<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = contentType;
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ status: 0, detail: 'Vigil cannot be reached. Check your connection.' });
  }
  const text = await res.text();
  const json = text ? safeParse(text) : null;
  if (!res.ok) {
    throw new ApiError(
      json && typeof json === 'object' ? { status: res.status, ...(json as object) } : { status: res.status },
    );
  }
  return json as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * A multipart upload with its progress (fetch cannot report upload progress; XMLHttpRequest can),
 * the session cookie and the CSRF token, and problems as ApiError like every other call.
 */
export function upload<T>(path: string, form: FormData, onProgress?: (sent: number, total: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(e.loaded, e.total);
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, detail: 'Vigil cannot be reached. Check your connection.' }));
    xhr.onload = () => {
      const json = xhr.responseText ? safeParse(xhr.responseText) : null;
      if (xhr.status >= 200 && xhr.status < 300) resolve(json as T);
      else reject(new ApiError(json && typeof json === 'object' ? { status: xhr.status, ...(json as object) } : { status: xhr.status }));
    };
    xhr.send(form);
  });
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  /** A text body of another type, e.g. a Sigma rule as application/yaml. */
  postText: <T>(path: string, text: string, contentType: string) => request<T>('POST', path, text, contentType),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
};

// ---- shapes of the API's answers (the parts the UI reads)

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Me {
  user: string;
  displayName: string;
  tenant: string;
  role: string;
  roles: string[];
  permissions: string[];
  platformOwner: boolean;
  authenticatedBy: string;
  tenants: { id: string; name: string; role: string }[];
  csrfToken: string | null;
}

export interface Vote {
  actor: string;
  decision: 'approve' | 'reject';
  comment?: string | null;
  at?: string;
  votedAt?: string;
}

export interface Approval {
  runId: string;
  stepId: string;
  playbook: string;
  prompt: string;
  approvers: { roles: string[]; users: string[] };
  quorum: number;
  status: string;
  openedAt: string;
  dueAt: string | null;
  votes: Vote[];
}

export interface StepState {
  id: string;
  kind?: string;
  status: string;
  output?: unknown;
  error?: { type?: string; message?: string } | null;
  attempts?: number;
  startedAt?: string | null;
  endedAt?: string | null;
  input?: unknown;
  [k: string]: unknown;
}

export interface Run {
  runId: string;
  playbook: { key: string; version: number };
  status: string;
  mode: string;
  inputs: Record<string, unknown>;
  outputs?: Record<string, unknown> | null;
  error?: { message?: string } | null;
  startedBy: string;
  startedAt: string;
  endedAt?: string | null;
  steps: StepState[];
  approvals?: Approval[];
  source?: string;
  workflowId?: string;
  /** the run this one was started again from, and the runs that started this one again */
  restarts?: { from: string | null; as: string[] } | null;
}

export interface RunSummary {
  runId: string;
  playbook: { key: string; version: number } | string;
  playbookVersion?: number;
  status: string;
  startedBy: string;
  startedAt: string;
  endedAt?: string | null;
  mode?: string;
}

/** One stored security event in Vigil's canonical shape (DESIGN §6.1). */
export interface CanonicalEvent {
  id: string;
  tenant?: string;
  time: string;
  ingestedAt?: string;
  source?: { format?: string | null; system?: string | null; integration?: string | null };
  category?: string | null;
  type?: string | null;
  action?: string | null;
  outcome?: string | null;
  severity?: number | null;
  message?: string | null;
  actor?: { type?: string | null; name?: string | null; domain?: string | null; id?: string | null } | null;
  src?: { ip?: string | null; port?: number | null; host?: string | null } | null;
  dst?: { ip?: string | null; port?: number | null; host?: string | null } | null;
  target?: { type?: string | null; id?: string | null; name?: string | null } | null;
  attributes?: Record<string, unknown>;
  raw?: unknown;
}

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
