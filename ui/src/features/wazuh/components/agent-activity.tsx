import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { formatTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { Empty, ErrorState, Loading } from '../../../components/states';
import { agentAlerts, agentFim, levelBand, type AgentAlert } from '../api/wazuh';

/** The agent's alerts timeline: the Wazuh alerts the sync ingested about it, newest first, page by page. */
export function AgentAlerts({ connection, agentId }: { connection: string; agentId: string }) {
  const [items, setItems] = useState<AgentAlert[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const load = (cursor: string | null) => {
    setLoading(true);
    agentAlerts(connection, agentId, cursor)
      .then((page) => {
        setItems((before) => (cursor ? [...before, ...page.items] : page.items));
        setNext(page.nextCursor);
        setError(null);
      })
      .catch(setError)
      .finally(() => setLoading(false));
  };
  useEffect(() => load(null), [connection, agentId]);
  return (
    <section aria-labelledby="agent-alerts-title">
      <h2 id="agent-alerts-title">Alerts</h2>
      {error ? <ErrorState error={error} retry={() => load(null)} /> : null}
      {loading && items.length === 0 && <Loading what="alerts" />}
      {!loading && !error && items.length === 0 && <Empty>No Wazuh alert about this agent has been synced.</Empty>}
      {items.length > 0 && (
        <ol className="timeline" aria-label="alerts timeline">
          {items.map((a) => (
            <li key={a.eventId} data-rule={a.ruleId ?? ''}>
              <span className="nowrap">{formatTime(a.time)}</span>{' '}
              <span className={`badge level-${levelBand(a.level)}`} title={`rule level ${a.level ?? 'unknown'} (${levelBand(a.level)})`}>
                {a.level ?? '?'}
              </span>{' '}
              <Link to={`/events?q=${encodeURIComponent(a.description ?? a.ruleId ?? '')}`}>{a.description ?? `rule ${a.ruleId}`}</Link>{' '}
              <span className="muted small">
                rule {a.ruleId}
                {a.groups.length > 0 && ` · ${a.groups.join(', ')}`}
                {a.mitre.length > 0 && ` · ${a.mitre.join(', ')}`}
                {a.srcIp && ` · from ${a.srcIp}`}
                {a.user && ` · ${a.user}`}
              </span>
            </li>
          ))}
        </ol>
      )}
      {next && (
        <button type="button" onClick={() => load(next)} disabled={loading}>
          Older alerts
        </button>
      )}
    </section>
  );
}

/** The agent's file-integrity records, read live from the manager, most recently changed first. */
export function AgentFim({ connection, agentId }: { connection: string; agentId: string }) {
  const [search, setSearch] = useState('');
  const [asked, setAsked] = useState('');
  const fim = useLoad(() => agentFim(connection, agentId, asked || undefined), [connection, agentId, asked]);
  const rows = [...(fim.data?.items ?? [])].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  return (
    <section aria-labelledby="agent-fim-title">
      <h2 id="agent-fim-title">File integrity</h2>
      <form
        className="form-row"
        aria-label="search file integrity"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(search.trim());
        }}
      >
        <label>
          File contains
          <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="/etc/" />
        </label>
        <button type="submit">Search</button>
      </form>
      {fim.loading && !fim.data && <Loading what="file-integrity records (asking the manager)" />}
      {fim.error ? <ErrorState error={fim.error} retry={fim.reload} /> : null}
      {fim.data && (
        <p className="muted small">
          Read from the manager {formatTime(fim.data.fetchedAt)}: {fim.data.items.length} of {fim.data.total}
          {fim.data.truncated ? ' (more than shown)' : ''}.
        </p>
      )}
      {fim.data && rows.length === 0 && <Empty>No file-integrity record{asked ? ` for “${asked}”` : ''}.</Empty>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table aria-label="file integrity">
            <thead>
              <tr>
                <th>File</th>
                <th>Last change</th>
                <th>Changes</th>
                <th>Size</th>
                <th>Owner</th>
                <th>Mode</th>
                <th>SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.file} data-file={r.file}>
                  <td>
                    <code>{r.file}</code>
                  </td>
                  <td className="nowrap">{r.date ? formatTime(r.date) : '—'}</td>
                  <td>{r.changes ?? '—'}</td>
                  <td>{r.size ?? '—'}</td>
                  <td>{[r.uname, r.gname].filter(Boolean).join(':') || '—'}</td>
                  <td>{r.perm ?? '—'}</td>
                  <td title={r.sha256}>
                    <code>{r.sha256 ? `${r.sha256.slice(0, 12)}…` : '—'}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
