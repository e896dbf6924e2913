import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { SEVERITIES } from '../../../lib/api-client';
import { formatTime } from '../../../lib/format';
import { usePolling, useLoad } from '../../../lib/use-load';
import { MitreChips } from '../../../components/mitre-chips';
import { Empty, ErrorState, Loading, SeverityBadge, StatusBadge } from '../../../components/states';
import { ALERT_STATUSES, alertsQuery, groupText, listAlerts, verdictLabel } from '../api/alerts';

const POLL_MS = 5000;

/** The alerts of this tenant, newest first, refreshed every few seconds. */
export function AlertsList() {
  const [params, setParams] = useSearchParams();
  const [cursors, setCursors] = useState<string[]>([]);
  const query = alertsQuery(params, cursors[cursors.length - 1]);
  const { data, error, loading, reload } = useLoad(() => listAlerts(query), [query]);
  // Only the first page is live: older pages stay put while someone reads them.
  usePolling(reload, POLL_MS, cursors.length === 0);
  const set = (k: string, v: string) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setCursors([]);
    setParams(p);
  };
  return (
    <section aria-labelledby="alerts-title">
      <header className="page-head">
        <h1 id="alerts-title">Alerts</h1>
        {cursors.length === 0 && (
          <span className="live on" title={`refreshed every ${POLL_MS / 1000} s`}>
            live
          </span>
        )}
      </header>
      <form className="filters" aria-label="alert filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Rule
          <input defaultValue={params.get('rule') ?? ''} placeholder="rule key" onBlur={(e) => set('rule', e.target.value.trim())} />
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
          Status
          <select value={params.get('status') ?? ''} onChange={(e) => set('status', e.target.value)}>
            <option value="">any</option>
            {ALERT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Entity
          <input defaultValue={params.get('entity') ?? ''} placeholder="ip, user, host…" onBlur={(e) => set('entity', e.target.value.trim())} />
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
      {loading && !data && <Loading what="alerts" />}
      {error ? <ErrorState error={error} retry={reload} /> : null}
      {data && data.items.length === 0 && (
        <Empty>
          <p>No alerts match. New alerts appear here within seconds of the events that raise them.</p>
        </Empty>
      )}
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table aria-label="alerts">
            <thead>
              <tr>
                <th>Alert</th>
                <th>Severity</th>
                <th>Status</th>
                <th>Entity</th>
                <th>Events</th>
                <th>Last seen</th>
                <th>MITRE</th>
                <th>Verdict</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((a) => (
                <tr key={a.id} data-alert={a.id}>
                  <td>
                    <Link to={`/alerts/${a.id}`}>{a.title}</Link>
                    <div className="muted small">
                      {a.rule.key} v{a.rule.version}
                      {groupText(a.group) && <> · {groupText(a.group)}</>}
                    </div>
                  </td>
                  <td>
                    <SeverityBadge severity={a.severity} />
                  </td>
                  <td>
                    <StatusBadge status={a.status} />
                  </td>
                  <td>
                    {a.entity ? (
                      <>
                        <span className="muted">{a.entity.kind}</span> <code>{a.entity.value}</code>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{a.eventCount}</td>
                  <td className="nowrap">{formatTime(a.lastSeen)}</td>
                  <td>
                    <MitreChips ids={a.mitre} />
                  </td>
                  <td>{verdictLabel(a.verdict)}</td>
                </tr>
              ))}
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
