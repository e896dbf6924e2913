import { useState } from 'react';
import { SEVERITIES, type Severity } from '../../../lib/api-client';
import { useNow } from '../../../lib/use-load';
import { useSession } from '../../auth/session';
import {
  acknowledge,
  assign,
  isDone,
  merge,
  reasonLabel,
  setSeverity,
  setSlaPaused,
  setStatus,
  statusLabel,
  type IncidentDetail,
} from '../api/incidents';
import { SlaClock } from './sla-countdown';
import { StatusMenu } from './status-menu';
import type { Act } from './incident-page';

interface Props {
  incident: IncidentDetail;
  act: Act;
  busy: boolean;
}

/** The three SLA clocks and, for those who may, Pause / Resume. */
export function SlaPanel({ incident: i, act, busy, mayManage }: Props & { mayManage: boolean }) {
  const now = useNow();
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  const { sla, durations: d } = i;
  const done = isDone(i.status);
  return (
    <div className="card sla-panel" role="region" aria-label="SLA">
      <div className="sla-head">
        <h2>SLA</h2>
        {sla.breached && <span className="badge sev-critical">breached{sla.breaches > 1 ? ` ×${sla.breaches}` : ''}</span>}
        {sla.warnings > 0 && !sla.breached && <span className="badge sev-medium">warned</span>}
        {sla.paused && <span className="badge">paused</span>}
      </div>
      <div className="sla-clocks">
        <SlaClock label="Acknowledge" due={sla.acknowledgeBy} met={d?.timeToAcknowledge != null} paused={sla.paused} openedAt={i.openedAt} now={now} />
        <SlaClock label="Contain" due={sla.containBy} met={d?.timeToContain != null} paused={sla.paused} openedAt={i.openedAt} now={now} />
        <SlaClock label="Resolve" due={sla.resolveBy} met={d?.timeToResolve != null || done} paused={sla.paused} openedAt={i.openedAt} now={now} />
      </div>
      {mayManage && !done && (
        <div className="buttons">
          {sla.paused ? (
            <button type="button" disabled={busy} onClick={() => act(() => setSlaPaused(i.id, false), 'SLA clocks resumed.')}>
              Resume SLA
            </button>
          ) : asking ? (
            <form
              className="inline-form"
              onSubmit={async (e) => {
                e.preventDefault();
                if (await act(() => setSlaPaused(i.id, true, reason.trim() || undefined), 'SLA clocks paused.')) {
                  setAsking(false);
                  setReason('');
                }
              }}
            >
              <label className="inline">
                Reason
                <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="waiting for the customer" />
              </label>
              <button type="submit" disabled={busy}>
                Pause
              </button>
              <button type="button" onClick={() => setAsking(false)}>
                Cancel
              </button>
            </form>
          ) : (
            <button type="button" disabled={busy} onClick={() => setAsking(true)}>
              Pause SLA
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** Acknowledge, change status, assign, severity, merge. */
export function IncidentActions({ incident: i, act, busy }: Props) {
  const { me } = useSession();
  const [assignee, setAssignee] = useState('');
  const [into, setInto] = useState('');
  const user = me?.user ?? '';
  return (
    <div className="card incident-actions" role="region" aria-label="incident actions">
      <div className="buttons">
        {i.status === 'new' && (
          <button type="button" className="primary" disabled={busy} onClick={() => act(() => acknowledge(i.id), 'Acknowledged.')}>
            Acknowledge
          </button>
        )}
        <StatusMenu
          status={i.status}
          busy={busy}
          onChoose={(to, reason) =>
            act(
              () => setStatus(i.id, to, reason),
              reason ? `Marked ${to} (${reasonLabel(reason).toLowerCase()}).` : `Status: ${statusLabel(to, i.status)}.`,
            )
          }
        />
        <label className="inline">
          Severity
          <select
            aria-label="severity"
            value={i.severity}
            disabled={busy}
            onChange={(e) => act(() => setSeverity(i.id, e.target.value as Severity), `Severity set to ${e.target.value}.`)}
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      <form
        className="inline-form"
        aria-label="assign"
        onSubmit={async (e) => {
          e.preventDefault();
          const who = assignee.trim();
          if (who && (await act(() => assign(i.id, who), `Assigned to ${who}.`))) setAssignee('');
        }}
      >
        <label className="inline">
          Assign to
          <input value={assignee} onChange={(e) => setAssignee(e.target.value)} placeholder="user or group:name" />
        </label>
        <button type="submit" disabled={busy || !assignee.trim()}>
          Assign
        </button>
        {user && i.assignee !== user && (
          <button type="button" disabled={busy} onClick={() => act(() => assign(i.id, user), 'Assigned to you.')}>
            Assign to me
          </button>
        )}
        {i.assignee && (
          <button type="button" disabled={busy} onClick={() => act(() => assign(i.id, null), 'Unassigned.')}>
            Unassign
          </button>
        )}
      </form>
      {!i.mergedInto && (
        <form
          className="inline-form"
          aria-label="merge"
          onSubmit={async (e) => {
            e.preventDefault();
            const target = into.trim();
            if (target && (await act(() => merge(i.id, target), `Merged into ${target}.`))) setInto('');
          }}
        >
          <label className="inline">
            Merge into…
            <input value={into} onChange={(e) => setInto(e.target.value)} placeholder="incident id" />
          </label>
          <button type="submit" disabled={busy || !into.trim()}>
            Merge
          </button>
        </form>
      )}
    </div>
  );
}
