import { useState } from 'react';
import { ApiError } from '../../../lib/api-client';
import { explainProblem } from '../../../lib/problems';
import {
  configTemplate,
  createConnection,
  secretsChange,
  updateConnection,
  type Connection,
  type Provider,
} from '../api/integrations';

/**
 * Adds a connection, or changes one: its configuration as JSON (checked by the provider's schema on
 * the server, problems shown by pointer) and its secrets, which are write-only — a stored secret is
 * shown as set, never as a value, and an empty field keeps it.
 */
export function ConnectionForm({
  providers,
  editing,
  onSaved,
  onCancel,
}: {
  providers: Provider[];
  editing?: Connection;
  onSaved: (c: Connection) => void;
  onCancel: () => void;
}) {
  const [providerName, setProviderName] = useState(editing?.provider ?? providers[0]?.provider ?? '');
  const provider = providers.find((p) => p.provider === providerName);
  const [name, setName] = useState(editing?.name ?? '');
  const [config, setConfig] = useState(
    JSON.stringify(editing ? editing.config : provider ? configTemplate(provider) : {}, null, 2),
  );
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [removed, setRemoved] = useState<string[]>([]);
  const [errors, setErrors] = useState<{ pointer: string; message: string }[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const pick = (p: string) => {
    setProviderName(p);
    const next = providers.find((x) => x.provider === p);
    if (next) setConfig(JSON.stringify(configTemplate(next), null, 2));
  };

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setErrors([]);
    setProblem(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(config);
    } catch {
      setErrors([{ pointer: '/config', message: 'is not valid JSON' }]);
      return;
    }
    setBusy(true);
    try {
      const saved = editing
        ? await updateConnection(editing.name, editing.version, { config: parsed, secrets: secretsChange(secrets, removed) })
        : await createConnection({ name, provider: providerName, config: parsed, secrets: secretsChange(secrets, []) as Record<string, string> });
      onSaved(saved);
    } catch (x) {
      if (x instanceof ApiError && x.problem.errors?.length) setErrors(x.problem.errors);
      else setProblem(explainProblem(x));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" aria-label={editing ? `edit ${editing.name}` : 'new connection'} onSubmit={save}>
      <h2>{editing ? `Change ${editing.name}` : 'Add a connection'}</h2>
      {!editing && (
        <div className="form-row">
          <label>
            Provider
            <select value={providerName} onChange={(e) => pick(e.target.value)}>
              {providers.map((p) => (
                <option key={p.provider} value={p.provider}>
                  {p.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            Name
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="wazuh-prod" required />
          </label>
        </div>
      )}
      {provider?.description && <p className="muted small">{provider.description}</p>}
      <label>
        Configuration (JSON)
        <textarea aria-label="configuration" rows={10} value={config} onChange={(e) => setConfig(e.target.value)} spellCheck={false} />
      </label>
      <fieldset>
        <legend>Secrets (write-only)</legend>
        {provider?.secrets.map((s) => {
          const isSet = editing?.secrets.includes(s.name) && !removed.includes(s.name);
          return (
            <div key={s.name} className="form-row">
              <label>
                {s.name}
                {s.required ? ' *' : ''}
                <input
                  type="password"
                  autoComplete="new-password"
                  aria-label={`secret ${s.name}`}
                  value={secrets[s.name] ?? ''}
                  placeholder={isSet ? 'set — leave empty to keep' : s.description ?? ''}
                  onChange={(e) => setSecrets({ ...secrets, [s.name]: e.target.value })}
                />
              </label>
              {editing && isSet && !s.required && (
                <button type="button" onClick={() => setRemoved([...removed, s.name])}>
                  Remove {s.name}
                </button>
              )}
            </div>
          );
        })}
      </fieldset>
      {errors.length > 0 && (
        <ul className="error-text" role="alert" aria-label="problems">
          {errors.map((x) => (
            <li key={x.pointer + x.message}>
              <code>{x.pointer || '/'}</code> {x.message}
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {editing ? 'Save changes' : 'Add connection'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
