import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Approval, type Page, type Run } from '../../lib/api-client';
import { formatTime, timeLeft } from '../../lib/format';
import { explainProblem } from '../../lib/problems';
import { useLoad, useNow } from '../../lib/use-load';
import { useEventStream } from '../../lib/use-events';
import { Empty, ErrorState, Loading } from '../../components/states';
import { useSession } from '../auth/session';

/** The approvals inbox: what waits for a decision in this tenant, live. */
export function Inbox() {
  const { data, error, loading, reload } = useLoad(
    () => api.get<Page<Approval>>('/api/v1/approvals?status=pending&limit=100'),
    [],
  );
  const [flash, setFlash] = useState<string | null>(null);
  const live = useEventStream('/api/v1/approvals/stream', 'approval', reload);
  return (
    <section aria-labelledby="inbox-title">
      <header className="page-head">
        <h1 id="inbox-title">Approvals</h1>
        <span className={`live ${live ? 'on' : 'off'}`} title="updates arrive as they happen">
          {live ? 'live' : 'reconnecting…'}
        </span>
      </header>
      {flash && (
        <p className="flash" role="status">
          {flash}
        </p>
      )}
      {loading && !data && <Loading what="approvals" />}
      {error ? <ErrorState error={error} retry={reload} /> : null}
      {data && data.items.length === 0 && (
        <Empty>
          <p>Nothing waits for a decision. New approvals appear here as soon as a run asks.</p>
        </Empty>
      )}
      <ul className="approvals">
        {data?.items.map((a) => (
          <ApprovalCard
            key={`${a.runId}/${a.stepId}`}
            approval={a}
            onDecided={(text) => {
              setFlash(text);
              reload();
            }}
          />
        ))}
      </ul>
    </section>
  );
}

function ApprovalCard({ approval: a, onDecided }: { approval: Approval; onDecided: (text: string) => void }) {
  const now = useNow();
  const { can } = useSession();
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useLoad(() => api.get<Run>(`/api/v1/runs/${a.runId}`), [a.runId]);
  const before = run.data ? stepsBefore(run.data, a.stepId) : [];
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setMessage(null);
    try {
      await api.post(`/api/v1/runs/${a.runId}/approvals/${a.stepId}`, { decision, comment: comment || undefined });
      onDecided(`You ${decision === 'approve' ? 'approved' : 'rejected'} “${a.prompt}”.`);
    } catch (e) {
      setMessage(explainProblem(e));
    } finally {
      setBusy(false);
    }
  };
  const mayDecide = can('approval.decide');
  return (
    <li className="card approval" aria-label={`approval ${a.prompt}`}>
      <div className="approval-head">
        <h2>{a.prompt}</h2>
        <span className="countdown" aria-live="off">
          {timeLeft(a.dueAt, now)}
        </span>
      </div>
      <p className="muted">
        Playbook <strong>{a.playbook}</strong> · step <code>{a.stepId}</code> · run{' '}
        <Link to={`/runs/${a.runId}`}>{a.runId.slice(0, 8)}</Link> · opened {formatTime(a.openedAt)}
        {run.data && <> · started by {run.data.startedBy}</>}
      </p>
      <p>
        Votes {a.votes.filter((v) => v.decision === 'approve').length} of {a.quorum} needed · approvers:{' '}
        {[...a.approvers.roles.map((r) => `role ${r}`), ...a.approvers.users].join(', ') || 'anyone'}
      </p>
      {a.votes.length > 0 && (
        <ul className="votes">
          {a.votes.map((v) => (
            <li key={v.actor}>
              {v.actor} {v.decision === 'approve' ? 'approved' : 'rejected'}
              {v.comment ? `: “${v.comment}”` : ''}
            </li>
          ))}
        </ul>
      )}
      <details open>
        <summary>What the run knows so far</summary>
        {run.loading && <Loading what="run" />}
        {run.data && (
          <div className="kv">
            <h3>Inputs</h3>
            <pre>{JSON.stringify(run.data.inputs, null, 2)}</pre>
            {before.map((s) => (
              <div key={s.id}>
                <h3>
                  {s.id} <span className="muted">({s.status})</span>
                </h3>
                <pre>{JSON.stringify(s.output ?? null, null, 2)}</pre>
              </div>
            ))}
          </div>
        )}
      </details>
      {mayDecide ? (
        <div className="decide">
          <label>
            Comment (optional)
            <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} />
          </label>
          <div className="buttons">
            <button type="button" className="primary" disabled={busy} onClick={() => decide('approve')}>
              Approve
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => decide('reject')}>
              Reject
            </button>
          </div>
        </div>
      ) : (
        <p className="notice">Your role can see approvals but not decide them.</p>
      )}
      {message && (
        <p className="message" role="status">
          {message}
        </p>
      )}
    </li>
  );
}

/** Steps that ended before the approval step, in run order. */
export function stepsBefore(run: Run, stepId: string) {
  const i = run.steps.findIndex((s) => s.id === stepId);
  return (i < 0 ? run.steps : run.steps.slice(0, i)).filter((s) => s.status !== 'pending');
}
