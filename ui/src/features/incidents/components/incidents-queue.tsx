import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, SEVERITIES, type Approval, type Page } from '../../../lib/api-client';
import { formatTime } from '../../../lib/format';
import { explainProblem } from '../../../lib/problems';
import { useLoad, useNow } from '../../../lib/use-load';
import { Empty, ErrorState, Loading, SeverityBadge, StatusBadge } from '../../../components/states';
import { useSession } from '../../auth/session';
import {
  ANY_STATUS,
  assigneeText,
  bulk,
  INCIDENT_STATUSES,
  incidentsQuery,
  listIncidents,
  matchesFilters,
  statusFilter,
  useIncidentEvents,
  type BulkResult,
  type Incident,
} from '../api/incidents';
import { SlaCountdown } from './sla-countdown';
import { NewIncidentDialog } from './new-incident-dialog';

const PAGE = 50;

/** Newest first, as the server pages them. */
const byOpened = (a: Incident, b: Incident) => b.openedAt.localeCompare(a.openedAt) || b.id.localeCompare(a.id);

/** Fresh items replace the ones with their id; unseen ones join in opening order. */
export function mergeIncidents(prev: Incident[], fresh: Incident[]): Incident[] {
  const byId = new Map(prev.map((i) => [i.id, i]));
  for (const i of fresh) byId.set(i.id, i);
  return [...byId.values()].sort(byOpened);
}

/** The incident queue: what needs handling in this tenant, live, with bulk acknowledge and assign. */
export function IncidentsQueue() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { can, me } = useSession();
  const query = incidentsQuery(params, null, PAGE);
  const first = useLoad(() => listIncidents(query), [query]);
  const [items, setItems] = useState<Incident[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [more, setMore] = useState(false); // pages past the first are loaded
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  useEffect(() => {
    if (!first.data) return;
    setItems(first.data.items);
    setNext(first.data.nextCursor);
    setMore(false);
  }, [first.data]);
  useEffect(() => setSelected(new Set()), [query]);

  // A change to an incident the queue shows is applied in place; one it does not know yet may be
  // new to this filter: the first page is asked for again (the server knows free text and rules).
  const refreshing = useRef(false);
  const refresh = useCallback(async () => {
    if (refreshing.current) return;
    refreshing.current = true;
    try {
      const page = await listIncidents(query);
      setItems((prev) => (more ? mergeIncidents(prev, page.items) : page.items));
      if (!more) setNext(page.nextCursor);
    } catch {
      // the stream's next change retries
    } finally {
      refreshing.current = false;
    }
  }, [query, more]);
  const approvals = useLoad(
    () => (can('approval.read') ? api.get<Page<Approval>>('/api/v1/approvals?status=pending&limit=100') : Promise.resolve(null)),
    [],
  );
  const shown = useRef(items);
  shown.current = items;
  const live = useIncidentEvents((i) => {
    const fits = matchesFilters(i, params);
    if (shown.current.some((x) => x.id === i.id)) {
      setItems((prev) => (fits ? prev.map((x) => (x.id === i.id ? i : x)) : prev.filter((x) => x.id !== i.id)));
      return;
    }
    if (fits) refresh();
    approvals.reload(); // a new incident may have started a run that asks for approval
  });

  const set = (k: string, v: string) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p);
  };
  const loadMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    try {
      const page = await listIncidents(incidentsQuery(params, next, PAGE));
      setItems((prev) => mergeIncidents(prev, page.items));
      setNext(page.nextCursor);
      setMore(true);
    } catch (e) {
      setMessage(explainProblem(e));
    } finally {
      setLoadingMore(false);
    }
  };
  const mayManage = can('incident.manage');
  const pending = approvals.data?.items.length ?? 0;
  return (
    <section aria-labelledby="incidents-title">
      <header className="page-head">
        <h1 id="incidents-title">Incidents</h1>
        <span className={`live ${live ? 'on' : 'off'}`} title="updates arrive as they happen">
          {live ? 'live' : 'reconnecting…'}
        </span>
        {pending > 0 && (
          <Link to="/approvals" className="badge status-waiting">
            {pending} approval{pending === 1 ? '' : 's'} waiting
          </Link>
        )}
        {mayManage && (
          <button type="button" className="primary push-right" onClick={() => setCreating(true)}>
            New incident
          </button>
        )}
      </header>
      <form className="filters" aria-label="incident filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select value={statusFilter(params)} onChange={(e) => set('status', e.target.value === 'open' ? '' : e.target.value)}>
            <option value="open">open</option>
            <option value={ANY_STATUS}>any</option>
            {INCIDENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select value={params.get('severity') ?? ''} onChange={(e) => set('severity', e.target.value)}>
            <option value="">any</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Assignee
          <input
            defaultValue={params.get('assignee') ?? ''}
            placeholder="user or group:name"
            onBlur={(e) => set('assignee', e.target.value.trim())}
            onKeyDown={(e) => e.key === 'Enter' && set('assignee', e.currentTarget.value.trim())}
          />
        </label>
        <label>
          SLA
          <select value={params.get('breached') ?? ''} onChange={(e) => set('breached', e.target.value)}>
            <option value="">any</option>
            <option value="true">breached</option>
            <option value="false">not breached</option>
          </select>
        </label>
        <label>
          Tag
          <input
            defaultValue={params.get('tag') ?? ''}
            onBlur={(e) => set('tag', e.target.value.trim())}
            onKeyDown={(e) => e.key === 'Enter' && set('tag', e.currentTarget.value.trim())}
          />
        </label>
        <label>
          Search
          <input
            type="search"
            defaultValue={params.get('q') ?? ''}
            placeholder="title, entity, description…"
            onBlur={(e) => set('q', e.target.value.trim())}
            onKeyDown={(e) => e.key === 'Enter' && set('q', e.currentTarget.value.trim())}
          />
        </label>
      </form>
      {mayManage && selected.size > 0 && (
        <BulkBar
          ids={[...selected]}
          me={me?.user ?? ''}
          titles={new Map(items.map((i) => [i.id, i.title]))}
          onDone={(text, done) => {
            setMessage(text);
            setSelected((s) => new Set([...s].filter((id) => !done.includes(id))));
            refresh();
          }}
        />
      )}
      {message && (
        <p className="message" role="status">
          {message}
        </p>
      )}
      {first.loading && !first.data && <Loading what="incidents" />}
      {first.error ? <ErrorState error={first.error} retry={first.reload} /> : null}
      {first.data && items.length === 0 && (
        <Empty>
          <p>No incidents match. Alerts open incidents as they arrive; they appear here at once.</p>
        </Empty>
      )}
      {items.length > 0 && <IncidentTable items={items} selectable={mayManage} selected={selected} onSelect={setSelected} />}
      {next && (
        <div className="pager">
          <button type="button" disabled={loadingMore} onClick={loadMore}>
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
      {creating && <NewIncidentDialog onClose={() => setCreating(false)} onCreated={(i) => navigate(`/incidents/${i.id}`)} />}
    </section>
  );
}

export function IncidentTable({
  items,
  selectable,
  selected,
  onSelect,
}: {
  items: Incident[];
  selectable: boolean;
  selected: Set<string>;
  onSelect: (s: Set<string>) => void;
}) {
  const now = useNow();
  const all = items.length > 0 && items.every((i) => selected.has(i.id));
  const some = items.some((i) => selected.has(i.id));
  const toggle = (id: string) => {
    const s = new Set(selected);
    if (s.has(id)) s.delete(id);
    else s.add(id);
    onSelect(s);
  };
  return (
    <div className="table-wrap">
      <table aria-label="incidents" className="incidents">
        <thead>
          <tr>
            {selectable && (
              <th>
                <input
                  type="checkbox"
                  aria-label="select all"
                  checked={all}
                  ref={(el) => {
                    if (el) el.indeterminate = some && !all;
                  }}
                  onChange={() => onSelect(all ? new Set() : new Set(items.map((i) => i.id)))}
                />
              </th>
            )}
            <th>Severity</th>
            <th>Incident</th>
            <th>Status</th>
            <th>Assignee</th>
            <th>Entities</th>
            <th>Alerts / events</th>
            <th>Opened</th>
            <th>SLA</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id} data-incident={i.id} className={selected.has(i.id) ? 'row-selected' : undefined}>
              {selectable && (
                <td>
                  <input type="checkbox" aria-label={`select ${i.title}`} checked={selected.has(i.id)} onChange={() => toggle(i.id)} />
                </td>
              )}
              <td>
                <SeverityBadge severity={i.severity} />
              </td>
              <td>
                <Link to={`/incidents/${i.id}`}>{i.title}</Link>
                <div className="muted small">
                  <code>{i.id}</code>
                  {i.tags.map((t) => (
                    <span key={t} className="tag">
                      {t}
                    </span>
                  ))}
                </div>
              </td>
              <td>
                <StatusBadge status={i.status} />
              </td>
              <td className="nowrap" data-testid="assignee">{i.assignee ? assigneeText(i.assignee) : <span className="muted">nobody</span>}</td>
              <td>
                {i.entities.length === 0 && '—'}
                {i.entities.slice(0, 3).map((e) => (
                  <div key={`${e.kind}:${e.value}`} className="nowrap">
                    <span className="muted">{e.kind}</span> <code>{e.value}</code>
                  </div>
                ))}
                {i.entities.length > 3 && <span className="muted small">+{i.entities.length - 3} more</span>}
              </td>
              <td>
                {i.alertCount} / {i.eventCount}
              </td>
              <td className="nowrap">{formatTime(i.openedAt)}</td>
              <td className="nowrap">
                <SlaCountdown incident={i} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What to do with the selected incidents: acknowledge them, or assign them to someone. */
function BulkBar({
  ids,
  me,
  titles,
  onDone,
}: {
  ids: string[];
  me: string;
  titles: Map<string, string>;
  onDone: (text: string, done: string[]) => void;
}) {
  const [assignee, setAssignee] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (action: 'acknowledge' | 'assign', who?: string | null) => {
    setBusy(true);
    try {
      const r = await bulk(ids, action, who);
      onDone(bulkSummary(r, action, titles), r.results.filter((x) => x.ok).map((x) => x.id));
    } catch (e) {
      onDone(explainProblem(e), []);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card bulk" role="region" aria-label="bulk actions">
      <strong>{ids.length} selected</strong>
      <button type="button" disabled={busy} onClick={() => run('acknowledge')}>
        Acknowledge
      </button>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          run('assign', assignee.trim() || null);
        }}
      >
        <label className="inline">
          Assign to
          <input value={assignee} onChange={(e) => setAssignee(e.target.value)} placeholder={me || 'user or group:name'} />
        </label>
        <button type="submit" disabled={busy || !assignee.trim()}>
          Assign
        </button>
        {me && (
          <button type="button" disabled={busy} onClick={() => run('assign', me)}>
            Assign to me
          </button>
        )}
      </form>
    </div>
  );
}

/** "Acknowledged 2 of 3. Not changed: Brute force from … (already acknowledged)." */
export function bulkSummary(r: BulkResult, action: 'acknowledge' | 'assign', titles: Map<string, string>): string {
  const ok = r.results.filter((x) => x.ok).length;
  const verb = action === 'acknowledge' ? 'Acknowledged' : 'Assigned';
  const failed = r.results.filter((x) => !x.ok);
  const head = `${verb} ${ok} of ${r.results.length}.`;
  if (failed.length === 0) return head;
  return `${head} Not changed: ${failed.map((f) => `${titles.get(f.id) ?? f.id} (${f.error ?? 'refused'})`).join('; ')}.`;
}
