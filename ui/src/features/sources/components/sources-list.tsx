import { Link } from 'react-router-dom';
import { formatTime } from '../../../lib/format';
import { usePolling, useLoad } from '../../../lib/use-load';
import { Empty, ErrorState, Loading } from '../../../components/states';
import { intervalText, listSources, sortSources } from '../api/sources';

/** Where events come from, and which sources have gone quiet for longer than they should. */
export function SourcesList() {
  const { data, error, loading, reload } = useLoad(listSources, []);
  usePolling(reload, 30000);
  const items = sortSources(data?.items ?? []);
  const silent = items.filter((s) => s.silent).length;
  return (
    <section aria-labelledby="sources-title">
      <header className="page-head">
        <h1 id="sources-title">Sources</h1>
        {data && (
          <span className={silent ? 'badge silent' : 'muted'}>
            {silent ? `${silent} silent` : 'every source is sending'}
          </span>
        )}
      </header>
      {loading && !data && <Loading what="sources" />}
      {error ? <ErrorState error={error} retry={reload} /> : null}
      {data && items.length === 0 && <Empty>No events have arrived yet. Send some to POST /api/v1/events.</Empty>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table aria-label="sources">
            <thead>
              <tr>
                <th>Format</th>
                <th>System</th>
                <th>State</th>
                <th>Last event</th>
                <th>Last hour</th>
                <th>Last day</th>
                <th>Expected every</th>
                <th>First event</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={`${s.format}/${s.system}`} className={s.silent ? 'row-silent' : undefined} data-source={`${s.format}/${s.system ?? ''}`}>
                  <td>
                    <code>{s.format}</code>
                  </td>
                  <td>{s.system ?? '—'}</td>
                  <td>
                    {s.silent ? <span className="badge silent">silent</span> : <span className="badge status-succeeded">sending</span>}
                    {s.silentAlertId && (
                      <>
                        {' '}
                        <Link to={`/alerts/${s.silentAlertId}`}>alert</Link>
                      </>
                    )}
                  </td>
                  <td className="nowrap">{formatTime(s.lastEvent)}</td>
                  <td>{s.eventsLastHour}</td>
                  <td>{s.eventsLastDay}</td>
                  <td>{intervalText(s.expectedInterval)}</td>
                  <td className="nowrap">{formatTime(s.firstEvent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
