import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { formatTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { Empty, ErrorState, Loading, StatusBadge } from '../../../components/states';
import {
  AGENT_STATUSES,
  enrolmentCommands,
  lagText,
  listAgents,
  listWazuhConnections,
  pauseSync,
  resumeSync,
  syncNow,
  syncStatus,
  type Agent,
  type EnrolOs,
  type SyncStatus,
  keepAliveText,
} from '../api/wazuh';

/** The Wazuh app: a connection's agents as its sync last read them, and the sync's state. */
export function WazuhAgents() {
  const { connection } = useParams();
  const navigate = useNavigate();
  const connections = useLoad(listWazuhConnections, []);
  const first = connections.data?.[0]?.name;
  useEffect(() => {
    if (!connection && first) navigate(`/wazuh/${encodeURIComponent(first)}`, { replace: true });
  }, [connection, first, navigate]);

  if (connections.error) return <ErrorState error={connections.error} retry={connections.reload} />;
  if (!connections.data) return <Loading what="Wazuh connections" />;
  if (connections.data.length === 0) {
    return (
      <section aria-labelledby="wazuh-title">
        <h1 id="wazuh-title">Wazuh</h1>
        <Empty>No Wazuh connection yet. An admin adds one under Integrations.</Empty>
      </section>
    );
  }
  const current = connections.data.find((c) => c.name === connection);
  if (!current) return <Loading what="agents" />;
  return (
    <section aria-labelledby="wazuh-title">
      <header className="page-head">
        <h1 id="wazuh-title">Wazuh</h1>
        {connections.data.length > 1 && (
          <label>
            Connection{' '}
            <select value={current.name} onChange={(e) => navigate(`/wazuh/${encodeURIComponent(e.target.value)}`)}>
              {connections.data.map((c) => (
                <option key={c.name}>{c.name}</option>
              ))}
            </select>
          </label>
        )}
      </header>
      <SyncPanel connection={current.name} initial={current.status} />
      <Agents connection={current.name} managerUrl={current.managerUrl} />
    </section>
  );
}

/** When each part last synced, the last error, and (for engineers and admins) sync now / pause. */
function SyncPanel({ connection, initial }: { connection: string; initial: SyncStatus }) {
  const { can } = useSession();
  const [status, setStatus] = useState<SyncStatus>(initial);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setStatus(initial), [initial]);
  const act = async (call: (c: string) => Promise<SyncStatus>) => {
    setProblem(null);
    try {
      setStatus(await call(connection));
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  const refresh = () => act(syncStatus);
  return (
    <div className="card" aria-label="sync status">
      <p>
        {status.paused ? <span className="badge silent">sync paused</span> : <span className="badge status-succeeded">syncing</span>}{' '}
        Agents {lagText(status.lag.agents)} ago · SCA {lagText(status.lag.sca)} ago ·{' '}
        {status.indexer ? (
          <>
            alerts {lagText(status.lag.alerts)} ago ({status.alertsIngested} ingested)
          </>
        ) : (
          'no indexer: alerts are not read'
        )}
      </p>
      {status.lastError && (
        <p className="error-text small" role="status" aria-label="last sync error">
          Last error {formatTime(status.lastErrorAt)}: {status.lastError}
        </p>
      )}
      {problem && (
        <p className="error-text small" role="alert">
          {problem}
        </p>
      )}
      <div className="buttons">
        <button type="button" onClick={refresh}>
          Refresh
        </button>
        {can('wazuh.sync') && (
          <>
            <button type="button" onClick={() => act(syncNow)}>
              Sync now
            </button>
            <button type="button" onClick={() => act(status.paused ? resumeSync : pauseSync)}>
              {status.paused ? 'Resume sync' : 'Pause sync'}
            </button>
          </>
        )}
      </div>
    </div>
  );
}

function Agents({ connection, managerUrl }: { connection: string; managerUrl: string }) {
  const [status, setStatus] = useState('');
  const [q, setQ] = useState('');
  const [applied, setApplied] = useState({ status: '', q: '' });
  const [more, setMore] = useState<Agent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const page = useLoad(() => listAgents(connection, applied), [connection, applied]);
  useEffect(() => {
    setMore([]);
    setCursor(page.data?.nextCursor ?? null);
  }, [page.data]);
  const items = [...(page.data?.items ?? []), ...more];
  const loadMore = async () => {
    const next = await listAgents(connection, { ...applied, cursor });
    setMore((m) => [...m, ...next.items]);
    setCursor(next.nextCursor);
  };
  const manager = items.find((a) => a.id === '000');
  return (
    <>
      <form
        className="filters"
        aria-label="agent filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ status, q: q.trim() });
        }}
      >
        <label>
          Status{' '}
          <select aria-label="status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">any</option>
            {AGENT_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Search <input aria-label="search agents" value={q} onChange={(e) => setQ(e.target.value)} placeholder="name, id or IP" />
        </label>
        <button type="submit">Apply</button>
      </form>
      {page.loading && !page.data && <Loading what="agents" />}
      {page.error ? <ErrorState error={page.error} retry={page.reload} /> : null}
      {page.data && (
        <p className="muted small">
          Inventory read {page.data.syncedAt ? formatTime(page.data.syncedAt) : 'never yet — the first sync has not finished'}.
        </p>
      )}
      {page.data && items.length === 0 && <Empty>No agent matches.</Empty>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table aria-label="agents">
            <thead>
              <tr>
                <th>ID</th>
                <th>Name</th>
                <th>IP</th>
                <th>Status</th>
                <th>Version</th>
                <th>OS</th>
                <th>Last keep-alive</th>
                <th>Groups</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id} data-agent={a.id}>
                  <td>
                    <Link to={`/wazuh/${encodeURIComponent(connection)}/agents/${encodeURIComponent(a.id)}`}>{a.id}</Link>
                  </td>
                  <td>{a.name ?? '—'}</td>
                  <td>{a.ip ?? '—'}</td>
                  <td>{a.status ? <StatusBadge status={a.status} /> : '—'}</td>
                  <td>{a.version ?? '—'}</td>
                  <td>{[a.os.name, a.os.version].filter(Boolean).join(' ') || '—'}</td>
                  <td className="nowrap">{keepAliveText(a.lastKeepAlive, formatTime)}</td>
                  <td>{a.groups.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" onClick={loadMore}>
          More agents
        </button>
      )}
      <Enrol managerUrl={managerUrl} managerVersion={manager?.version ?? null} />
    </>
  );
}

const OS_LABELS: Record<EnrolOs, string> = {
  'linux-deb': 'Linux (DEB)',
  'linux-rpm': 'Linux (RPM)',
  windows: 'Windows',
  macos: 'macOS',
};

/** "Add agent": the commands that install an agent enrolled with this manager. */
function Enrol({ managerUrl, managerVersion }: { managerUrl: string; managerVersion: string | null }) {
  const [open, setOpen] = useState(false);
  const [os, setOs] = useState<EnrolOs>('linux-deb');
  const [group, setGroup] = useState('');
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Add agent
      </button>
    );
  }
  return (
    <div className="card" aria-label="add agent">
      <h2>Add an agent</h2>
      <div className="buttons" role="tablist">
        {(Object.keys(OS_LABELS) as EnrolOs[]).map((o) => (
          <button key={o} type="button" role="tab" aria-selected={o === os} aria-pressed={o === os} onClick={() => setOs(o)}>
            {OS_LABELS[o]}
          </button>
        ))}
      </div>
      <label>
        Group <input aria-label="agent group" value={group} onChange={(e) => setGroup(e.target.value)} placeholder="default" />
      </label>
      <p className="muted small">Run on the endpoint, as administrator:</p>
      <pre aria-label="enrolment commands">{enrolmentCommands(managerUrl, managerVersion, os, group.trim() || undefined).join('\n')}</pre>
    </div>
  );
}
