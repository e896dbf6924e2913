import { useState } from 'react';
import { explainProblem } from '../../../lib/problems';
import { formatTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { ErrorState, Loading } from '../../../components/states';
import { createApiKey, keyState, listApiKeys, revokeApiKey } from '../api/access';

/** API keys: one's own (every key of the tenant for key managers), a new key's secret shown once; `roles` are those a new key may be given. */
export function ApiKeysSection({ roles }: { roles: string[] }) {
  const keys = useLoad(listApiKeys, []);
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const [secret, setSecret] = useState<{ name: string; key: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const now = Date.now();

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setProblem(null);
    try {
      const created = await createApiKey(role ? { name, role } : { name });
      setSecret({ name: created.apiKey.name, key: created.key });
      setName('');
      keys.reload();
    } catch (x) {
      setProblem(explainProblem(x));
    }
  };

  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      {secret && (
        <div className="notice" role="status" aria-label="new key">
          <p>
            The key <strong>{secret.name}</strong> is below. Copy it now: Vigil keeps only its hash and will not show it again.
          </p>
          <code className="secret">{secret.key}</code>{' '}
          <button type="button" onClick={() => setSecret(null)}>
            I have copied it
          </button>
        </div>
      )}
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      {keys.loading && !keys.data && <Loading what="API keys" />}
      {keys.error ? <ErrorState error={keys.error} retry={keys.reload} /> : null}
      {keys.data && (
        <div className="table-wrap">
          <table aria-label="api keys">
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Owner</th>
                <th>Role</th>
                <th>State</th>
                <th>Last used</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((k) => {
                const state = keyState(k, now);
                return (
                  <tr key={k.id} data-key={k.id} className={state === 'active' ? undefined : 'row-silent'}>
                    <td>{k.name}</td>
                    <td>
                      <code>{k.prefix}…</code>
                    </td>
                    <td>{k.user}</td>
                    <td>{k.role}</td>
                    <td>{state}</td>
                    <td className="nowrap">{k.lastUsedAt ? formatTime(k.lastUsedAt) : 'never'}</td>
                    <td>
                      {state === 'active' && (
                        <button
                          type="button"
                          className="small"
                          onClick={() =>
                            revokeApiKey(k.id)
                              .then(keys.reload)
                              .catch((x) => setProblem(explainProblem(x)))
                          }
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <form className="form-row" aria-label="create an api key" onSubmit={create}>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="siem-shipper" required />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="">my role</option>
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit">Create key</button>
      </form>
    </section>
  );
}
