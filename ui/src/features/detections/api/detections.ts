import { api, ApiError, type FieldError, type Severity } from '../../../lib/api-client';
import type { Validation } from '../../../lib/findings';

export interface DetectionSummary {
  key: string;
  version: number;
  title: string;
  kind: string;
  severity: Severity;
  enabled: boolean;
  origin: 'api' | 'bundled' | 'sigma';
  mitre: string[];
  alerts: number;
  falsePositiveRate: number | null;
  updatedAt: string;
}

export interface DetectionView {
  key: string;
  version: number;
  title: string;
  kind: string;
  severity: Severity;
  enabled: boolean;
  origin: 'api' | 'bundled' | 'sigma';
  definition: Record<string, unknown>;
  /** who published the version shown, and when */
  createdBy?: string;
  createdAt?: string;
  /** every version, where the API lists them */
  versions?: { version: number; createdAt: string; createdBy: string }[];
  alerts: number;
  falsePositiveRate: number | null;
}

export interface WouldBeAlert {
  rule: { key: string; version: number } | string;
  title: string;
  severity: Severity;
  entity: { kind: string; value: string } | null;
  group: Record<string, unknown> | null;
  firstSeen: string;
  lastSeen: string;
  eventCount: number;
  evidence: string[];
}

export interface TestResult {
  alerts: WouldBeAlert[];
  events: number;
  /** the range held more than the test examines at once */
  truncated?: boolean;
}

export interface SigmaTranslation {
  rule: Record<string, unknown>;
  published: { key: string; version: number } | null;
}

const path = (key: string) => `/api/v1/detections/${encodeURIComponent(key)}`;

export const listDetections = () => api.get<{ items: DetectionSummary[] }>('/api/v1/detections');
export const getDetection = (key: string, version?: number | null) =>
  api.get<DetectionView>(`${path(key)}${version ? `?version=${version}` : ''}`);
export const detectionSchema = () => api.get<Record<string, any>>('/api/v1/schema/detection');
/** The text is sent as typed, so the server's pointers match what the engineer sees. */
export const validateDetection = (text: string) => api.post<Validation>('/api/v1/detections/validate', text);
export const publishDetection = (text: string) => api.post<{ key: string; version: number; created: boolean }>('/api/v1/detections', text);
export const setDetectionEnabled = (key: string, enabled: boolean) => api.post<DetectionSummary>(`${path(key)}/enabled`, { enabled });

/** Runs the published rule over the stored events of a time range; nothing is raised. */
export const testDetection = (key: string, from: Date, to: Date) =>
  api.post<TestResult>(`${path(key)}/test`, { from: from.toISOString(), to: to.toISOString() });

/** Translating needs detection.manage too: the API treats a dry run as the first half of an import. */
export const translateSigma = (yaml: string, publish: boolean) =>
  api.postText<SigmaTranslation>(`/api/v1/detections/sigma${publish ? '' : '?dryRun=true'}`, yaml, 'application/yaml');

/** The problems of a refused Sigma rule, each at its pointer; null when the refusal is of another kind. */
export function sigmaProblems(e: unknown): FieldError[] | null {
  if (e instanceof ApiError && e.status === 422 && e.problem.errors?.length) return e.problem.errors;
  return null;
}

/** 0.125 → "12.5 %"; no feedback yet → "—". */
export function rateText(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  const pct = rate * 100;
  return `${pct >= 10 || pct === 0 ? Math.round(pct) : pct.toFixed(1)} %`;
}
