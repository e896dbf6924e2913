import { api } from '../../../lib/api-client';

export interface Source {
  format: string;
  system: string | null;
  firstEvent: string | null;
  lastEvent: string | null;
  eventsLastHour: number;
  eventsLastDay: number;
  silent: boolean;
  expectedInterval: string | null;
  /** the open alert raised about this source's silence, if any */
  silentAlertId?: string | null;
}

export const listSources = () => api.get<{ items: Source[] }>('/api/v1/sources');

/** Silent sources first (they need someone to look), then by format and system. */
export function sortSources(items: Source[]): Source[] {
  return [...items].sort(
    (a, b) => Number(b.silent) - Number(a.silent) || a.format.localeCompare(b.format) || (a.system ?? '').localeCompare(b.system ?? ''),
  );
}

/** "PT1H" → "1h", "PT15M" → "15m", "P1D" → "1d"; anything else as it came. */
export function intervalText(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m || iso === 'P' || iso === 'PT') return iso;
  const parts = [m[1] && `${m[1]}d`, m[2] && `${m[2]}h`, m[3] && `${m[3]}m`, m[4] && `${m[4]}s`].filter(Boolean);
  return parts.join(' ') || iso;
}
