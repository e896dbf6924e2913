// Figures for the dashboard, computed from API lists.

export interface RunLite {
  status: string;
  startedAt: string;
}
export interface DecidedLite {
  openedAt: string;
  decidedAt?: string | null;
}

/** Runs per local day (oldest first) and status, for the last {@code days} days. */
export function runsByDay(runs: RunLite[], days: number, now: Date) {
  const keys: string[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const d = new Date(now);
    d.setDate(d.getDate() - i);
    keys.push(dayKey(d));
  }
  const rows = new Map(keys.map((k) => [k, {} as Record<string, number>]));
  for (const r of runs) {
    const row = rows.get(dayKey(new Date(r.startedAt)));
    if (row) row[r.status] = (row[r.status] ?? 0) + 1;
  }
  return keys.map((day) => ({ day, counts: rows.get(day)! }));
}

function dayKey(d: Date) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Failed (failed, rolled back, interrupted) among finished runs, 0..1; null when none finished. */
export function failureRate(runs: RunLite[]): number | null {
  const done = runs.filter((r) => !['running', 'waiting_approval'].includes(r.status));
  if (done.length === 0) return null;
  return done.filter((r) => ['failed', 'rolled_back', 'interrupted'].includes(r.status)).length / done.length;
}

/** Mean milliseconds from an approval opening to its decision; null when none was decided. */
export function meanTimeToDecision(approvals: DecidedLite[]): number | null {
  const ms = approvals
    .filter((a) => a.decidedAt)
    .map((a) => new Date(a.decidedAt!).getTime() - new Date(a.openedAt).getTime())
    .filter((x) => x >= 0);
  return ms.length ? ms.reduce((s, x) => s + x, 0) / ms.length : null;
}

/**
 * SLA breaches per UTC day (oldest first) for the last {@code days} days, days without a breach
 * included: the API lists only the days that had some.
 */
export function breachesSeries(rows: { day: string; breaches: number }[], days: number, now: Date) {
  const byDay = new Map(rows.map((r) => [r.day, r.breaches]));
  const out: { day: string; breaches: number }[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(now.getTime() - i * 86400_000).toISOString().slice(0, 10);
    out.push({ day, breaches: byDay.get(day) ?? 0 });
  }
  return out;
}
