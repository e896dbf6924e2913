import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, type Page, type Run, type StepState } from '../../lib/api-client';
import { elapsed, formatTime } from '../../lib/format';
import { explainProblem } from '../../lib/problems';
import { useLoad } from '../../lib/use-load';
import { ErrorState, Loading, StatusBadge } from '../../components/states';
import { PlaybookGraph } from '../../components/playbook-graph';
import { toGraph } from '../../components/playbook-graph-model';
import { useSession } from '../auth/session';

const OPEN = new Set(['running', 'waiting_approval']);

interface HistoryEvent {
  id: number;
  time: string;
  type: string;
  details?: unknown;
}

export function RunDetail() {
  const { runId = '' } = useParams();
  const { can } = useSession();
  const navigate = useNavigate();
  const run = useLoad(() => api.get<Run & { temporalUiUrl?: string }>(`/api/v1/runs/${runId}`), [runId]);
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const r = run.data;
  useEffect(() => {
    if (!r || !OPEN.has(r.status)) return;
    const t = setTimeout(run.reload, 1500);
    return () => clearTimeout(t);
  }, [r, run.reload]);
  const definition = useLoad(
    () =>
      r ? api.get<{ definition: unknown }>(`/api/v1/playbooks/${r.playbook.key}?version=${r.playbook.version}`) : Promise.resolve(null),
    [r?.playbook.key, r?.playbook.version],
  );
  if (run.loading && !r) return <Loading what="run" />;
  if (run.error && !r) return <ErrorState error={run.error} retry={run.reload} />;
  if (!r) return null;
  const status: Record<string, string> = Object.fromEntries(r.steps.map((s) => [s.id, s.status]));
  const step = r.steps.find((s) => s.id === selected) ?? null;
  const cancel = async (rollback: boolean) => {
    setMessage(null);
    try {
      await api.post(`/api/v1/runs/${r.runId}/cancel`, { rollback, reason: 'cancelled from the web UI' });
      setMessage(rollback ? 'Cancelling and rolling back…' : 'Cancelling…');
      run.reload();
    } catch (e) {
      setMessage(explainProblem(e));
    }
  };
  const restart = async () => {
    setMessage(null);
    try {
      const started = await api.post<{ runId: string }>(`/api/v1/runs/${r.runId}/restart`, {});
      navigate(`/runs/${started.runId}`);
    } catch (e) {
      setMessage(explainProblem(e));
    }
  };
  return (
    <section>
      <header className="page-head">
        <h1>
          {r.playbook.key} <span className="muted">v{r.playbook.version}</span>
        </h1>
        <StatusBadge status={r.status} />
        {r.mode === 'dry_run' && <span className="tag">dry run</span>}
      </header>
      <p className="muted">
        Run <code>{r.runId}</code> · started by {r.startedBy} · {formatTime(r.startedAt)} · {elapsed(r.startedAt, r.endedAt)}
        {r.temporalUiUrl && (
          <>
            {' '}
            · <a href={r.temporalUiUrl}>open in Temporal UI</a>
          </>
        )}
      </p>
      {r.restarts?.from && (
        <p className="muted">
          Started again from <Link to={`/runs/${r.restarts.from}`}>{r.restarts.from}</Link>
        </p>
      )}
      {r.restarts && r.restarts.as.length > 0 && (
        <p className="muted">
          Started again as{' '}
          {r.restarts.as.map((id, i) => (
            <span key={id}>
              {i > 0 && ', '}
              <Link to={`/runs/${id}`}>{id}</Link>
            </span>
          ))}
        </p>
      )}
      {r.error?.message && <p className="error-text">{r.error.message}</p>}
      {!OPEN.has(r.status) && can('run.start') && (
        <div className="buttons">
          <button type="button" onClick={restart} title="A new run of the same playbook version with the same inputs">
            Start again
          </button>
        </div>
      )}
      {OPEN.has(r.status) && can('run.cancel') && (
        <div className="buttons">
          <button type="button" onClick={() => cancel(false)}>
            Cancel
          </button>
          <button type="button" className="danger" onClick={() => cancel(true)}>
            Cancel and roll back
          </button>
        </div>
      )}
      {message && <p role="status">{message}</p>}
      <div className="split">
        <div>
          <h2>Steps</h2>
          <PlaybookGraph nodes={toGraph(definition.data?.definition)} status={status} selected={selected} onSelect={setSelected} />
        </div>
        <aside className="card step-panel" aria-label="step details">
          {step ? <StepPanel step={step} /> : <p className="muted">Click a step to see its input, output, error and timing.</p>}
        </aside>
      </div>
      {r.outputs && (
        <>
          <h2>Outputs</h2>
          <pre>{JSON.stringify(r.outputs, null, 2)}</pre>
        </>
      )}
      <History runId={r.runId} version={r.status} />
    </section>
  );
}

function StepPanel({ step }: { step: StepState }) {
  return (
    <div>
      <h3>
        {step.id} <StatusBadge status={step.status} />
      </h3>
      <dl>
        <dt>Kind</dt>
        <dd>{step.kind ?? '—'}</dd>
        <dt>Attempts</dt>
        <dd>{step.attempts ?? 0}</dd>
        <dt>Started</dt>
        <dd>{formatTime(step.startedAt)}</dd>
        <dt>Ended</dt>
        <dd>{formatTime(step.endedAt)}</dd>
        <dt>Took</dt>
        <dd>{step.startedAt ? elapsed(step.startedAt, step.endedAt) : '—'}</dd>
        {typeof step.outcome === 'string' && (
          <>
            <dt>Outcome</dt>
            <dd>{step.outcome}</dd>
          </>
        )}
      </dl>
      {step.input != null && (
        <>
          <h4>Input</h4>
          <pre>{JSON.stringify(step.input, null, 2)}</pre>
        </>
      )}
      <h4>Output</h4>
      <pre>{JSON.stringify(step.output ?? null, null, 2)}</pre>
      {step.error && (
        <>
          <h4>Error</h4>
          <pre className="error-text">{JSON.stringify(step.error, null, 2)}</pre>
        </>
      )}
    </div>
  );
}

function History({ runId, version }: { runId: string; version: string }) {
  const [cursor, setCursor] = useState<string | null>(null);
  const [events, setEvents] = useState<HistoryEvent[]>([]);
  const page = useLoad(
    () => api.get<Page<HistoryEvent>>(`/api/v1/runs/${runId}/history?limit=50${cursor ? `&cursor=${cursor}` : ''}`),
    [runId, cursor, version],
  );
  useEffect(() => {
    if (!page.data) return;
    setEvents((prev) => {
      const seen = new Set(prev.map((e) => e.id));
      return [...prev, ...page.data!.items.filter((e) => !seen.has(e.id))];
    });
  }, [page.data]);
  return (
    <section aria-label="event history">
      <h2>Temporal history</h2>
      {page.error ? <ErrorState error={page.error} /> : null}
      <ol className="timeline">
        {events.map((e) => (
          <li key={e.id}>
            <span className="muted">#{e.id}</span> <time>{formatTime(e.time)}</time> <strong>{e.type}</strong>
          </li>
        ))}
      </ol>
      {page.data?.nextCursor && (
        <button type="button" onClick={() => setCursor(page.data!.nextCursor)}>
          More events
        </button>
      )}
    </section>
  );
}
