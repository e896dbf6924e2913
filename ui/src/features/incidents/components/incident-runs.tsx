import { useState } from 'react';
import { Link } from 'react-router-dom';
import { formatTime, timeLeft } from '../../../lib/format';
import { explainProblem } from '../../../lib/problems';
import { useNow } from '../../../lib/use-load';
import { StatusBadge } from '../../../components/states';
import { useSession } from '../../auth/session';
import { decideApproval, type IncidentRun, type RunApproval } from '../api/incidents';

/** The playbook runs the incident started, with their approvals decidable here. */
export function IncidentRuns({ runs, onDecided }: { runs: IncidentRun[]; onDecided: () => void }) {
  const [flash, setFlash] = useState<string | null>(null);
  return (
    <section aria-labelledby="runs-title">
      <h2 id="runs-title">Runs</h2>
      {flash && (
        <p className="flash" role="status">
          {flash}
        </p>
      )}
      {runs.length === 0 && <p className="muted">No playbook has run for this incident.</p>}
      <ul className="incident-runs">
        {runs.map((r) => (
          <li key={r.runId} className="card" aria-label={`run ${r.playbook}`} data-run={r.runId} data-playbook={r.playbook} data-status={r.status}>
            <div className="run-head">
              <Link to={`/runs/${r.runId}`}>
                <strong>{r.playbook}</strong>
              </Link>
              <StatusBadge status={r.status} />
            </div>
            <p className="muted small">
              {r.responseId ? <>response {r.responseId} · </> : null}started {formatTime(r.startedAt)}
            </p>
            {(r.approvals ?? []).map((a) =>
              a.status === 'pending' ? (
                <PendingApproval
                  key={a.stepId}
                  runId={r.runId}
                  approval={a}
                  onDecided={(text) => {
                    setFlash(text);
                    onDecided();
                  }}
                />
              ) : (
                <p key={a.stepId} className="small">
                  Approval <code>{a.stepId}</code>: <StatusBadge status={a.status} />
                  {a.votes?.length ? ` — ${a.votes.map((v) => `${v.actor} ${v.decision === 'approve' ? 'approved' : 'rejected'}`).join(', ')}` : ''}
                </p>
              ),
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function PendingApproval({ runId, approval: a, onDecided }: { runId: string; approval: RunApproval; onDecided: (text: string) => void }) {
  const now = useNow();
  const { can } = useSession();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setMessage(null);
    try {
      await decideApproval(runId, a.stepId, decision, note);
      onDecided(`You ${decision === 'approve' ? 'approved' : 'rejected'} “${a.prompt}”.`);
    } catch (e) {
      setMessage(explainProblem(e));
    } finally {
      setBusy(false);
    }
  };
  const approvals = (a.votes ?? []).filter((v) => v.decision === 'approve').length;
  return (
    <div className="approval pending" role="group" aria-label={`approval ${a.prompt}`}>
      <p>
        <strong>{a.prompt}</strong>
      </p>
      <p className="muted small">
        <span className="countdown">{timeLeft(a.dueAt, now)}</span> · votes {approvals} of {a.quorum} needed
        {a.votes?.length ? ` · ${a.votes.map((v) => `${v.actor} ${v.decision === 'approve' ? 'approved' : 'rejected'}`).join(', ')}` : ''}
      </p>
      {can('approval.decide') ? (
        <>
          <label>
            Comment (optional)
            <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
          </label>
          <div className="buttons">
            <button type="button" className="primary" disabled={busy} onClick={() => decide('approve')}>
              Approve
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => decide('reject')}>
              Reject
            </button>
          </div>
        </>
      ) : (
        <p className="notice">Your role can see approvals but not decide them.</p>
      )}
      {message && (
        <p className="message error-text" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}
