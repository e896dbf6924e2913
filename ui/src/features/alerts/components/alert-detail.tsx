import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { formatTime } from '../../../lib/format';
import { explainProblem } from '../../../lib/problems';
import { useLoad } from '../../../lib/use-load';
import { EventTable } from '../../../components/event-table';
import { MitreChips } from '../../../components/mitre-chips';
import { ErrorState, Loading, SeverityBadge, StatusBadge } from '../../../components/states';
import { useSession } from '../../auth/session';
import { getAlert, groupText, sendFeedback, setAlertStatus, VERDICTS, verdictLabel, type Verdict } from '../api/alerts';

/** One alert: what raised it, its evidence, and the analyst's triage (status and verdict). */
export function AlertDetail() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const { data: a, error, loading, reload } = useLoad(() => getAlert(id), [id]);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  if (loading && !a) return <Loading what="alert" />;
  if (error && !a) return <ErrorState error={error} retry={reload} />;
  if (!a) return null;
  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setMessage(null);
    try {
      await what();
      setMessage(done);
      reload();
    } catch (e) {
      setMessage(explainProblem(e));
    } finally {
      setBusy(false);
    }
  };
  const feedback = (verdict: Verdict) =>
    act(() => sendFeedback(a.id, verdict, comment), `Marked as ${verdictLabel(verdict).toLowerCase()}.`);
  const mayTriage = can('alert.triage');
  return (
    <section aria-labelledby="alert-title">
      <header className="page-head">
        <h1 id="alert-title">{a.title}</h1>
        <SeverityBadge severity={a.severity} />
        <StatusBadge status={a.status} />
        <Link to="/alerts">All alerts</Link>
      </header>
      <dl className="facts">
        <dt>Rule</dt>
        <dd>
          <Link to={`/detections/${a.rule.key}`}>{a.rule.key}</Link> v{a.rule.version}
        </dd>
        <dt>Entity</dt>
        <dd>{a.entity ? <><span className="muted">{a.entity.kind}</span> <code>{a.entity.value}</code></> : '—'}</dd>
        <dt>Group</dt>
        <dd>{groupText(a.group) || '—'}</dd>
        <dt>Seen</dt>
        <dd>
          {formatTime(a.firstSeen)} – {formatTime(a.lastSeen)} · {a.eventCount} event{a.eventCount === 1 ? '' : 's'}
        </dd>
        <dt>MITRE ATT&amp;CK</dt>
        <dd>
          <MitreChips ids={a.mitre} />
        </dd>
        {a.incidentId && (
          <>
            <dt>Incident</dt>
            <dd>
              <code>{a.incidentId}</code>
            </dd>
          </>
        )}
        {a.statusBy && (
          <>
            <dt>Status</dt>
            <dd>
              {a.status} by {a.statusBy} at {formatTime(a.statusAt)}
            </dd>
          </>
        )}
        <dt>Verdict</dt>
        <dd data-testid="verdict">
          {a.feedback ? (
            <>
              <strong>{verdictLabel(a.feedback.verdict)}</strong> by {a.feedback.by} at {formatTime(a.feedback.at)}
              {a.feedback.comment ? `: “${a.feedback.comment}”` : ''}
            </>
          ) : (
            'none yet'
          )}
        </dd>
      </dl>
      {mayTriage ? (
        <div className="card triage" aria-label="triage">
          <div className="buttons">
            <button type="button" disabled={busy || a.status !== 'open'} onClick={() => act(() => setAlertStatus(a.id, 'acknowledged'), 'Acknowledged.')}>
              Acknowledge
            </button>
            <button type="button" disabled={busy || a.status === 'closed'} onClick={() => act(() => setAlertStatus(a.id, 'closed'), 'Closed.')}>
              Close
            </button>
          </div>
          <label>
            Comment (optional)
            <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} />
          </label>
          <div className="buttons" role="group" aria-label="verdict">
            {VERDICTS.map((v) => (
              <button
                key={v.verdict}
                type="button"
                className={v.verdict === 'true_positive' ? 'danger' : undefined}
                aria-pressed={a.feedback?.verdict === v.verdict}
                disabled={busy}
                onClick={() => feedback(v.verdict)}
              >
                {v.label}
              </button>
            ))}
          </div>
        </div>
      ) : (
        <p className="notice">Your role can see alerts but not triage them.</p>
      )}
      {message && (
        <p className="message" role="status">
          {message}
        </p>
      )}
      <h2>Evidence</h2>
      {a.evidence.length < a.eventCount && (
        <p className="muted">
          The first {a.evidence.length} of {a.eventCount} events.
        </p>
      )}
      <EventTable events={a.evidence} label="evidence" />
    </section>
  );
}
