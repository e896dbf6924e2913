import { useState } from 'react';
import { useSession } from '../../auth/session';
import { formatTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { Empty, ErrorState, Loading } from '../../../components/states';
import { listConnections, listProviders, testConnection, type Connection, type ConnectionTest } from '../api/integrations';
import { ConnectionForm } from './connection-form';
import { ConnectionHistory } from './connection-history';

/** Settings › Integrations: the tenant's connections; admins add and change them. */
export function IntegrationsList() {
  const { can } = useSession();
  const mayManage = can('integration.manage');
  const connections = useLoad(listConnections, []);
  const providers = useLoad(listProviders, []);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Connection | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [tests, setTests] = useState<Record<string, ConnectionTest | 'testing' | { failed: string }>>({});
  const items = connections.data ?? [];

  const saved = (c: Connection, what: string) => {
    setAdding(false);
    setEditing(null);
    setOpen(c.name);
    setNotice(`${what} ${c.name} (v${c.version}).`);
    connections.reload();
  };

  const test = async (name: string) => {
    setTests((t) => ({ ...t, [name]: 'testing' }));
    try {
      const result = await testConnection(name);
      setTests((t) => ({ ...t, [name]: result }));
    } catch (e) {
      setTests((t) => ({ ...t, [name]: { failed: e instanceof Error ? e.message : String(e) } }));
    }
  };

  return (
    <section aria-labelledby="integrations-title">
      <header className="page-head">
        <h1 id="integrations-title">Integrations</h1>
        {mayManage && !adding && (
          <button type="button" onClick={() => (setAdding(true), setEditing(null))} disabled={!providers.data}>
            Add connection
          </button>
        )}
      </header>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {(adding || editing) && providers.data && (
        <ConnectionForm
          providers={providers.data}
          editing={editing ?? undefined}
          onSaved={(c) => saved(c, editing ? 'Saved' : 'Added')}
          onCancel={() => (setAdding(false), setEditing(null))}
        />
      )}
      {connections.loading && !connections.data && <Loading what="connections" />}
      {connections.error ? <ErrorState error={connections.error} retry={connections.reload} /> : null}
      {connections.data && items.length === 0 && <Empty>No connection yet.{mayManage ? ' Add one to reach Wazuh and the other systems Vigil acts on.' : ''}</Empty>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table aria-label="connections">
            <thead>
              <tr>
                <th>Name</th>
                <th>Provider</th>
                <th>Secrets set</th>
                <th>Version</th>
                <th>Changed</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.name} data-connection={c.name}>
                  <td>
                    <button type="button" className="link" onClick={() => setOpen(open === c.name ? null : c.name)}>
                      {c.name}
                    </button>
                    {c.warnings.map((w) => (
                      <div key={w} className="warn-text small">
                        {w}
                      </div>
                    ))}
                    <TestOutcome outcome={tests[c.name]} name={c.name} />
                  </td>
                  <td>{c.provider}</td>
                  <td>{c.secrets.length ? c.secrets.join(', ') : '—'}</td>
                  <td>v{c.version}</td>
                  <td className="nowrap">
                    {formatTime(c.updatedAt)} <span className="muted">by {c.updatedBy}</span>
                  </td>
                  <td>
                    {mayManage && (
                      <span className="buttons">
                        <button type="button" onClick={() => test(c.name)} disabled={tests[c.name] === 'testing'} aria-label={`test ${c.name}`}>
                          {tests[c.name] === 'testing' ? 'Testing…' : 'Test'}
                        </button>
                        <button type="button" onClick={() => (setEditing(c), setAdding(false))}>
                          Change
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && items.some((c) => c.name === open) && (
        <ConnectionHistory connection={items.find((c) => c.name === open)!} mayManage={mayManage} onRestored={(c) => saved(c, 'Restored')} />
      )}
    </section>
  );
}

/** What the last test of a connection found. */
function TestOutcome({ outcome, name }: { outcome: ConnectionTest | 'testing' | { failed: string } | undefined; name: string }) {
  if (!outcome || outcome === 'testing') return null;
  if ('failed' in outcome) {
    return (
      <div className="error-text small" role="status" aria-label={`test of ${name}`}>
        The test could not run: {outcome.failed}
      </div>
    );
  }
  return (
    <div className={`${outcome.ok ? 'ok-text' : 'error-text'} small`} role="status" aria-label={`test of ${name}`}>
      {outcome.ok ? 'Reachable: ' : 'Failed: '}
      {outcome.message} <span className="muted">({outcome.latencyMs} ms)</span>
    </div>
  );
}
