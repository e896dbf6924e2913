import { duration } from '../../../lib/format';
import { isDone, type Incident } from '../api/incidents';

export type SlaTone = 'ok' | 'warn' | 'breach' | 'paused' | 'none';

/** Below this share of its time left, a clock turns amber. */
export const WARN_SHARE = 0.2;

export interface SlaView {
  tone: SlaTone;
  /** Which clock counts: acknowledge while the incident is new, resolve after. */
  clock: 'acknowledge' | 'resolve' | null;
  text: string;
}

/**
 * What the queue shows of an incident's SLA at {@code now}: the clock to acknowledge while it is
 * new, else the clock to resolve; red once breached (or overdue), amber with less than a fifth of
 * the time left or after a warning, "paused" while paused.
 */
export function slaView(i: Pick<Incident, 'status' | 'openedAt' | 'sla'>, now: number): SlaView {
  const { sla } = i;
  if (isDone(i.status)) return { tone: sla.breached ? 'breach' : 'none', clock: null, text: sla.breached ? 'breached' : '—' };
  if (sla.paused) return { tone: 'paused', clock: null, text: 'paused' };
  const clock = i.status === 'new' ? 'acknowledge' : 'resolve';
  const due = clock === 'acknowledge' ? sla.acknowledgeBy : sla.resolveBy;
  if (!due) return { tone: sla.breached ? 'breach' : 'none', clock: null, text: sla.breached ? 'breached' : 'no target' };
  const dueAt = new Date(due).getTime();
  const left = dueAt - now;
  const verb = clock === 'acknowledge' ? 'ack' : 'resolve';
  if (left < 0) return { tone: 'breach', clock, text: `${verb} overdue by ${duration(-left)}` };
  const text = `${verb} in ${duration(left)}`;
  if (sla.breached) return { tone: 'breach', clock, text };
  const total = dueAt - new Date(i.openedAt).getTime();
  if (sla.warnings > 0 || (total > 0 && left < total * WARN_SHARE)) return { tone: 'warn', clock, text };
  return { tone: 'ok', clock, text };
}

const TITLES: Record<SlaTone, string> = {
  ok: 'within its SLA',
  warn: 'less than a fifth of the time left, or a warning was raised',
  breach: 'SLA breached',
  paused: 'SLA clocks paused',
  none: 'no SLA clock running',
};

/** The SLA countdown of one incident, coloured by how close it is to breaching. */
export function SlaCountdown({ incident, now }: { incident: Pick<Incident, 'status' | 'openedAt' | 'sla'>; now: number }) {
  const v = slaView(incident, now);
  return (
    <span className={`sla sla-${v.tone}`} data-sla={v.tone} title={TITLES[v.tone]}>
      {v.text}
    </span>
  );
}

/** One named clock (acknowledge, contain, resolve) of the incident page. */
export function SlaClock({
  label,
  due,
  met,
  paused,
  openedAt,
  now,
}: {
  label: string;
  due: string | null;
  met: boolean;
  paused: boolean;
  openedAt: string;
  now: number;
}) {
  let tone: SlaTone = 'none';
  let text = 'no target';
  if (met) text = 'met';
  else if (paused) {
    tone = 'paused';
    text = 'paused';
  } else if (due) {
    const dueAt = new Date(due).getTime();
    const left = dueAt - now;
    tone = left < 0 ? 'breach' : left < (dueAt - new Date(openedAt).getTime()) * WARN_SHARE ? 'warn' : 'ok';
    text = left < 0 ? `overdue by ${duration(-left)}` : `${duration(left)} left`;
  }
  return (
    <div className="sla-clock" aria-label={`${label} clock`}>
      <span className="muted small">{label}</span>
      <span className={`sla sla-${tone}`} data-sla={tone}>
        {text}
      </span>
    </div>
  );
}
