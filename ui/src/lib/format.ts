// Times in the user's own timezone; durations in words.

export function formatTime(iso: string | null | undefined, tz?: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return d.toLocaleString(undefined, {
    timeZone: tz,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** "4m 05s left", "overdue by 12s", or "no deadline". */
export function timeLeft(dueIso: string | null | undefined, now: number): string {
  if (!dueIso) return 'no deadline';
  const ms = new Date(dueIso).getTime() - now;
  const words = duration(Math.abs(ms));
  return ms >= 0 ? `${words} left` : `overdue by ${words}`;
}

export function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

export function elapsed(start?: string | null, end?: string | null): string {
  if (!start) return '—';
  const a = new Date(start).getTime();
  const b = end ? new Date(end).getTime() : Date.now();
  return duration(Math.max(0, b - a));
}
