import { Link } from 'react-router-dom';
import { api, type Page } from '../../lib/api-client';
import { formatTime } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { Empty, ErrorState, Loading } from '../../components/states';
import { useSession } from '../auth/session';

interface Summary {
  key: string;
  title: string;
  latestVersion?: number;
  version?: number;
  versions?: number;
  publishedAt: string;
  publishedBy: string;
}

export function PlaybooksList() {
  const { can } = useSession();
  const { data, error, loading, reload } = useLoad(() => api.get<Page<Summary>>('/api/v1/playbooks?limit=200'), []);
  return (
    <section>
      <header className="page-head">
        <h1>Playbooks</h1>
        {can('playbook.publish') && (
          <Link className="button primary" to="/playbooks/new">
            New playbook
          </Link>
        )}
      </header>
      {loading && <Loading what="playbooks" />}
      {error ? <ErrorState error={error} retry={reload} /> : null}
      {data && data.items.length === 0 && <Empty>No playbooks yet.</Empty>}
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Key</th>
                <th>Title</th>
                <th>Versions</th>
                <th>Published</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((p) => (
                <tr key={p.key}>
                  <td>
                    <Link to={`/playbooks/${p.key}`}>{p.key}</Link>
                  </td>
                  <td>{p.title}</td>
                  <td>
                    v{p.latestVersion ?? p.version}
                    {p.versions && p.versions > 1 ? <span className="muted"> ({p.versions} versions)</span> : null}
                  </td>
                  <td>
                    {formatTime(p.publishedAt)} by {p.publishedBy}
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
