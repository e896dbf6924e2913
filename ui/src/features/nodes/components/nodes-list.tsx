import { formatTime } from '../../../lib/format';
import { usePolling, useLoad } from '../../../lib/use-load';
import { Empty, ErrorState, Loading } from '../../../components/states';
import { listNodes, sortNodes, summary } from '../api/nodes';

/** Every api-server and worker of this Vigil (platform owners): version, uptime, queues, health. */
export function NodesList() {
  const { data, error, loading, reload } = useLoad(listNodes, []);
  usePolling(reload, 15000);
  const items = sortNodes(data?.items ?? []);
  return (
    <section aria-labelledby="nodes-title">
      <header className="page-head">
        <h1 id="nodes-title">Nodes</h1>
        {data && <span className="muted">{summary(items)}</span>}
      </header>
      {loading && !data && <Loading what="nodes" />}
      {error ? <ErrorState error={error} retry={reload} /> : null}
      {data && items.length === 0 && <Empty>No node has reported yet; they do every 15 seconds.</Empty>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table aria-label="nodes">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Host</th>
                <th>State</th>
                <th>Health</th>
                <th>Version</th>
                <th>Started</th>
                <th>Last heartbeat</th>
                <th>Task queues</th>
                <th>Temporal</th>
              </tr>
            </thead>
            <tbody>
              {items.map((n) => (
                <tr key={n.id} data-node={n.kind} className={n.state === 'lost' ? 'row-silent' : undefined}>
                  <td>{n.kind}</td>
                  <td>
                    {n.host} <span className="muted">pid {n.pid}</span>
                  </td>
                  <td>
                    <span className={n.state === 'lost' ? 'badge silent' : 'badge status-succeeded'}>{n.state}</span>
                  </td>
                  <td>
                    <span className={n.health === 'UP' ? 'badge status-succeeded' : 'badge status-failed'}>{n.health}</span>
                  </td>
                  <td>
                    <code>{n.version}</code>
                  </td>
                  <td className="nowrap">{formatTime(n.startedAt)}</td>
                  <td className="nowrap">{formatTime(n.heartbeatAt)}</td>
                  <td>{n.taskQueues.length ? n.taskQueues.join(', ') : '—'}</td>
                  <td>{String(n.details.temporal ?? '—')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
