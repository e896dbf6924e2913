import { useState } from 'react';
import { Link } from 'react-router-dom';
import { formatTime } from '../../../lib/format';
import { Markdown } from '../../../components/markdown';
import { comment, reasonLabel, type IncidentDetail, type TimelineEntry } from '../api/incidents';
import type { Act } from './incident-page';

const KIND_LABELS: Record<string, string> = {
  opened: 'opened',
  alert_attached: 'alert',
  alert_detached: 'alert removed',
  status: 'status',
  reopened: 'reopened',
  assigned: 'assigned',
  severity: 'severity',
  comment: 'comment',
  tags: 'tags',
  observable: 'observable',
  merged_into: 'merged',
  absorbed: 'merge',
  sla_warning: 'SLA warning',
  sla_breach: 'SLA breach',
  sla_paused: 'SLA paused',
  sla_resumed: 'SLA resumed',
  run_started: 'run',
  run_failed: 'run failed',
  notified: 'notified',
  task: 'task',
};

/** Who did it: a person, a playbook run (linked) or Vigil itself. */
export function Actor({ actor }: { actor: string }) {
  if (actor.startsWith('run:')) {
    const run = actor.slice(4);
    return (
      <Link to={`/runs/${run}`} className="actor">
        run {run.slice(0, 8)}
      </Link>
    );
  }
  return <strong className="actor">{actor === 'vigil' ? 'Vigil' : actor}</strong>;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

/** What one timeline entry says, beyond its summary line. */
function EntryBody({ entry: e }: { entry: TimelineEntry }) {
  const data = e.data ?? {};
  if (e.kind === 'comment') return <Markdown text={str(data.body) ?? e.summary} className="comment-body" />;
  if (e.kind === 'status' && str(data.to)) {
    return (
      <span>
        {str(data.from)?.replace('_', ' ') ?? '?'} → <strong>{str(data.to)!.replace('_', ' ')}</strong>
        {str(data.reason) && <> ({reasonLabel(str(data.reason)).toLowerCase()})</>}
      </span>
    );
  }
  const run = str(data.runId);
  const alert = str(data.alertId);
  return (
    <span>
      {e.summary}
      {run && (
        <>
          {' '}
          · <Link to={`/runs/${run}`}>run</Link>
        </>
      )}
      {alert && (
        <>
          {' '}
          · <Link to={`/alerts/${alert}`}>alert</Link>
        </>
      )}
    </span>
  );
}

/** What happened to the incident, oldest first, and the comment box at the end. */
export function IncidentTimeline({ incident: i, act, busy, mayManage }: { incident: IncidentDetail; act: Act; busy: boolean; mayManage: boolean }) {
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <ol className="incident-timeline" aria-label="timeline">
        {i.timeline.map((e) => (
          <li key={`${e.origin ?? i.id}/${e.seq}`} data-kind={e.kind} className={`tl tl-${e.kind}`}>
            <div className="tl-head">
              <span className={`badge tl-kind kind-${e.kind}`}>{KIND_LABELS[e.kind] ?? e.kind.replace(/_/g, ' ')}</span>
              <Actor actor={e.actor} />
              <time dateTime={e.at} className="muted small">
                {formatTime(e.at)}
              </time>
              {e.origin && e.origin !== i.id && (
                <span className="muted small">
                  from <Link to={`/incidents/${e.origin}`}>{e.origin}</Link>
                </span>
              )}
            </div>
            <EntryBody entry={e} />
          </li>
        ))}
      </ol>
      {mayManage && <CommentBox onPost={(body) => act(() => comment(i.id, body), 'Comment added.')} busy={busy} />}
    </section>
  );
}

/** A Markdown comment with a preview; @username mentions stay plain text. */
export function CommentBox({ onPost, busy }: { onPost: (body: string) => Promise<boolean>; busy: boolean }) {
  const [body, setBody] = useState('');
  const [preview, setPreview] = useState(false);
  return (
    <form
      className="card comment-box"
      aria-label="add a comment"
      onSubmit={async (e) => {
        e.preventDefault();
        if (body.trim() && (await onPost(body.trim()))) {
          setBody('');
          setPreview(false);
        }
      }}
    >
      {preview ? (
        <div className="preview" aria-label="preview">
          <Markdown text={body} />
        </div>
      ) : (
        <label>
          Comment
          <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={3} placeholder="What did you find? Mention people as @username." />
        </label>
      )}
      <p className="muted small">
        Markdown: blank line for a paragraph, `code`, **bold**, [text](https://…). HTML is shown as text.
      </p>
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy || !body.trim()}>
          Post comment
        </button>
        <button type="button" aria-pressed={preview} onClick={() => setPreview(!preview)} disabled={!body.trim() && !preview}>
          Preview
        </button>
      </div>
    </form>
  );
}
