import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, type Page, type RunSummary } from '../../lib/api-client';
import { elapsed, formatTime } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { Empty, ErrorState, Loading, StatusBadge } from '../../components/states';

const STATUSES = ['', 'running', 'waiting_approval', 'succeeded', 'failed', 'cancelled', 'rolled_back', 'interrupted'];

export function RunsList() {
  const [params, setParams] = useSearchParams();
  const [cursors, setCursors] = useState<string[]>([]);
  const query = new URLSearchParams();
  for (const k of ['status', 'playbook', 'startedBy', 'from', 'to']) {
    const v = params.get(k);
    if (v) query.set(k, k === 'from' || k === 'to' ? new Date(v).toISOString() : v);
  }
  query.set('limit', '20');
  const cursor = cursors[cursors.length - 1];
  if (cursor) query.set('cursor', cursor);
  const { data, error, loading, reload } = useLoad(
    () => api.get<Page<RunSummary>>(`/api/v1/runs?${query}`),
    [query.toString()],
  );
  const set = (k: string, v: string) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setCursors([]);
    setParams(p);
  };
  return (
    <section>
      <header className="page-head">
        <h1>Runs</h1>
      </header>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select value={params.get('status') ?? ''} onChange={(e) => set('status', e.target.value)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s ? s.replace('_', ' ') : 'any'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Playbook
          <input defaultValue={params.get('playbook') ?? ''} onBlur={(e) => set('playbook', e.target.value.trim())} />
        </label>
        <label>
          Started by
          <input defaultValue={params.get('startedBy') ?? ''} onBlur={(e) => set('startedBy', e.target.value.trim())} />
        </label>
        <label>
          From
          <input type="datetime-local" defaultValue={params.get('from') ?? ''} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label>
          To
          <input type="datetime-local" defaultValue={params.get('to') ?? ''} onChange={(e) => set('to', e.target.value)} />
        </label>
      </form>
      {loading && <Loading what="runs" />}
      {error ? <ErrorState error={error} retry={reload} /> : null}
      {data && data.items.length === 0 && <Empty>No runs match. Start one from a playbook.</Empty>}
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Run</th>
                <th>Playbook</th>
                <th>Status</th>
                <th>Started by</th>
                <th>Started</th>
                <th>Took</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => {
                const pb = typeof r.playbook === 'string' ? { key: r.playbook, version: r.playbookVersion } : r.playbook;
                return (
                  <tr key={r.runId}>
                    <td>
                      <Link to={`/runs/${r.runId}`}>{r.runId.slice(0, 8)}</Link>
                      {r.mode === 'dry_run' && <span className="tag">dry run</span>}
                    </td>
                    <td>
                      {pb.key} v{pb.version}
                    </td>
                    <td>
                      <StatusBadge status={r.status} />
                    </td>
                    <td>{r.startedBy}</td>
                    <td>{formatTime(r.startedAt)}</td>
                    <td>{elapsed(r.startedAt, r.endedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <button type="button" disabled={!data?.nextCursor} onClick={() => data?.nextCursor && setCursors([...cursors, data.nextCursor])}>
          Older
        </button>
      </div>
    </section>
  );
}
