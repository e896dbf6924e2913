import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { duration, formatTime } from '../../../lib/format';
import { explainProblem } from '../../../lib/problems';
import { useLoad, usePolling } from '../../../lib/use-load';
import { Markdown } from '../../../components/markdown';
import { ErrorState, Loading, SeverityBadge, StatusBadge } from '../../../components/states';
import { useSession } from '../../auth/session';
import { assigneeText, getIncident, reasonLabel, useIncidentEvents, type IncidentDetail } from '../api/incidents';
import { IncidentActions, SlaPanel } from './incident-actions';
import { IncidentTimeline } from './incident-timeline';
import { IncidentRuns } from './incident-runs';
import { IncidentTasks } from './incident-tasks';
import { IncidentAlerts, IncidentObservables } from './incident-evidence';
import { TagsEditor } from './tags-editor';

const OPEN_RUN = new Set(['running', 'waiting_approval']);

/** Runs a change that answers with the incident, shows the new state and says what happened. */
export type Act = (change: () => Promise<IncidentDetail>, done: string) => Promise<boolean>;

/** One incident: its state and clocks, what happened (timeline), its evidence, runs and tasks. */
export function IncidentPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const { data: i, error, loading, reload, setData } = useLoad(() => getIncident(id), [id]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);
  const live = useIncidentEvents((changed) => changed.id === id && reload());
  // A run's progress (an approval decided, a step done) is not an incident change: follow it.
  usePolling(reload, 3000, !!i?.runs.some((r) => OPEN_RUN.has(r.status)));
  if (loading && !i) return <Loading what="incident" />;
  if (error && !i) return <ErrorState error={error} retry={reload} />;
  if (!i) return null;
  const act: Act = async (change, done) => {
    setBusy(true);
    setMessage(null);
    try {
      setData(await change());
      setMessage({ text: done, failed: false });
      return true;
    } catch (e) {
      setMessage({ text: explainProblem(e), failed: true });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const mayManage = can('incident.manage');
  const d = i.durations;
  return (
    <section aria-labelledby="incident-title" className="incident">
      <header className="page-head">
        <SeverityBadge severity={i.severity} />
        <h1 id="incident-title">{i.title}</h1>
        <StatusBadge status={i.status} />
        <span className={`live ${live ? 'on' : 'off'}`} title="updates arrive as they happen">
          {live ? 'live' : 'reconnecting…'}
        </span>
        <Link to="/incidents" className="push-right">
          All incidents
        </Link>
      </header>
      <p className="muted">
        <code>{i.id}</code> · opened {formatTime(i.openedAt)} · updated {formatTime(i.updatedAt)} · assigned to{' '}
        <strong data-testid="incident-assignee">{assigneeText(i.assignee)}</strong>
        {i.closeReason && <> · {reasonLabel(i.closeReason).toLowerCase()}</>}
        {i.temporalUiUrl && (
          <>
            {' '}
            · <a href={i.temporalUiUrl}>open in Temporal UI</a>
          </>
        )}
      </p>
      {i.mergedInto && (
        <p className="notice">
          Merged into <Link to={`/incidents/${i.mergedInto}`}>{i.mergedInto}</Link>: work continues there.
        </p>
      )}
      {message && (
        <p className={message.failed ? 'message error-text' : 'message'} role={message.failed ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <div className="incident-top">
        <SlaPanel incident={i} act={act} busy={busy} mayManage={mayManage} />
        {mayManage ? (
          <IncidentActions incident={i} act={act} busy={busy} />
        ) : (
          <p className="notice">Your role can see incidents but not change them.</p>
        )}
      </div>
      <dl className="facts">
        {i.description && (
          <>
            <dt>Description</dt>
            <dd>
              <Markdown text={i.description} />
            </dd>
          </>
        )}
        <dt>Entities</dt>
        <dd>
          {i.entities.length === 0 && '—'}
          {i.entities.map((e) => (
            <span key={`${e.kind}:${e.value}`} className="entity">
              <span className="muted">{e.kind}</span> <code>{e.value}</code>
            </span>
          ))}
        </dd>
        <dt>Tags</dt>
        <dd>
          <TagsEditor incident={i} act={act} busy={busy} mayManage={mayManage} />
        </dd>
        <dt>Counts</dt>
        <dd>
          {i.alertCount} alert{i.alertCount === 1 ? '' : 's'} · {i.eventCount} event{i.eventCount === 1 ? '' : 's'}
        </dd>
        <dt>Durations</dt>
        <dd>
          {[
            ['to acknowledge', d?.timeToAcknowledge],
            ['to contain', d?.timeToContain],
            ['to resolve', d?.timeToResolve],
            ['handling', d?.handlingTime],
          ]
            .map(([label, ms]) => `${label} ${ms == null ? '—' : duration(ms as number)}`)
            .join(' · ')}
        </dd>
        {i.correlationKey && (
          <>
            <dt>Correlation</dt>
            <dd>
              <code>{i.correlationKey}</code>
            </dd>
          </>
        )}
      </dl>
      <div className="split">
        <IncidentTimeline incident={i} act={act} busy={busy} mayManage={mayManage} />
        <aside className="incident-side">
          <IncidentRuns runs={i.runs} onDecided={reload} />
          <IncidentTasks incident={i} act={act} busy={busy} mayManage={mayManage} />
        </aside>
      </div>
      <IncidentAlerts incident={i} act={act} busy={busy} mayManage={mayManage} />
      <IncidentObservables incident={i} act={act} busy={busy} mayManage={mayManage} />
    </section>
  );
}
