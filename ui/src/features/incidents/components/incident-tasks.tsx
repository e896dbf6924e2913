import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { formatTime } from '../../../lib/format';
import { runTask, updateTask, type IncidentDetail, type IncidentRun, type Task } from '../api/incidents';
import type { Act } from './incident-page';

/** The incident's checklist: tick a task done (or open again), give it to someone, run its playbook. */
export function IncidentTasks({ incident: i, act, busy, mayManage }: { incident: IncidentDetail; act: Act; busy: boolean; mayManage: boolean }) {
  const open = i.tasks.filter((t) => t.status === 'open' && t.mandatory).length;
  return (
    <section aria-labelledby="tasks-title">
      <h2 id="tasks-title">Tasks</h2>
      {i.tasks.length === 0 ? (
        <p className="muted">No checklist for this incident.</p>
      ) : (
        <p className="muted small">{open ? `${open} mandatory task${open === 1 ? '' : 's'} open` : 'every mandatory task is done'}</p>
      )}
      <ul className="tasks" aria-label="tasks">
        {i.tasks.map((t) => (
          <TaskItem
            key={t.id}
            task={t}
            runs={i.runs.filter((r) => r.responseId === `task:${t.id}`)}
            disabled={busy || !mayManage}
            act={act}
            incidentId={i.id}
          />
        ))}
      </ul>
    </section>
  );
}

function TaskItem({ task: t, runs, disabled, act, incidentId }: { task: Task; runs: IncidentRun[]; disabled: boolean; act: Act; incidentId: string }) {
  const [assignee, setAssignee] = useState(t.assignee ?? '');
  useEffect(() => setAssignee(t.assignee ?? ''), [t.assignee]);
  const save = () => {
    const who = assignee.trim() || null;
    if (who === (t.assignee ?? null)) return;
    act(() => updateTask(incidentId, t.id, { assignee: who }), who ? `Task given to ${who}.` : 'Task unassigned.');
  };
  return (
    <li className={`task task-${t.status}`} data-task={t.id}>
      <label className="inline">
        <input
          type="checkbox"
          checked={t.status === 'done'}
          disabled={disabled || t.status === 'skipped'}
          onChange={(e) =>
            act(
              () => updateTask(incidentId, t.id, { status: e.target.checked ? 'done' : 'open' }),
              e.target.checked ? `Done: ${t.title}.` : `Open again: ${t.title}.`,
            )
          }
        />
        <span className={t.status === 'done' ? 'done' : undefined}>{t.title}</span>
      </label>
      <div className="muted small task-meta">
        {t.mandatory && <span className="tag">mandatory</span>}
        {t.status === 'skipped' && <span className="tag">skipped</span>}
        {t.playbook && <span className="tag">playbook {t.playbook}</span>}
        {t.playbook && t.status === 'open' && (
          <button
            type="button"
            className="small"
            disabled={disabled}
            onClick={() => act(() => runTask(incidentId, t.id), `Started ${t.playbook} for “${t.title}”; another analyst approves it.`)}
          >
            Run playbook
          </button>
        )}
        {runs.map((r) => (
          <Link key={r.runId} to={`/runs/${r.runId}`} className="small">
            run {r.status.replace('_', ' ')}
          </Link>
        ))}
        {t.due && <span>due {formatTime(t.due)}</span>}
        <input
          className="small-input"
          aria-label={`assignee of ${t.title}`}
          value={assignee}
          placeholder="assignee"
          disabled={disabled}
          onChange={(e) => setAssignee(e.target.value)}
          onBlur={save}
          onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), save())}
        />
      </div>
    </li>
  );
}
