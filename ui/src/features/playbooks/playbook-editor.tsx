import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../lib/api-client';
import { diffLines } from '../../lib/diff';
import { placeFindings, type Validation } from '../../lib/findings';
import { jsonPositions } from '../../lib/json-positions';
import { explainProblem } from '../../lib/problems';
import { useLoad } from '../../lib/use-load';
import { PlaybookGraph } from '../../components/playbook-graph';
import { toGraph } from '../../components/playbook-graph-model';
import { JsonEditor } from '../../components/json-editor';
import { ErrorState, Loading } from '../../components/states';
import { useSession } from '../auth/session';
import { StartRunForm } from './input-form';

interface PlaybookView {
  key: string;
  version: number;
  title: string;
  publishedBy: string;
  publishedAt: string;
  definition: Record<string, unknown>;
  versions: { version: number; publishedAt: string; publishedBy: string }[];
}

const TEMPLATE = `{
  "key": "my-playbook",
  "title": "My playbook",
  "inputs": { "type": "object", "properties": { "ip": { "type": "string" } } },
  "steps": [
    { "id": "note", "action": "core.log", "with": { "message": "looking at \${{ inputs.ip }}" } }
  ]
}
`;

export function PlaybookEditor() {
  const { key } = useParams();
  const navigate = useNavigate();
  const { can } = useSession();
  const [version, setVersion] = useState<number | null>(null);
  const existing = useLoad(
    () => (key ? api.get<PlaybookView>(`/api/v1/playbooks/${key}${version ? `?version=${version}` : ''}`) : Promise.resolve(null)),
    [key, version],
  );
  const schema = useLoad(() => api.get<Record<string, any>>('/api/v1/schema/playbook'), []);
  const actions = useLoad(() => api.get<{ name: string }[]>('/api/v1/actions'), []);
  const [text, setText] = useState(key ? '' : TEMPLATE);
  const [validation, setValidation] = useState<Validation | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [compareWith, setCompareWith] = useState<number | null>(null);
  const other = useLoad(
    () => (key && compareWith ? api.get<PlaybookView>(`/api/v1/playbooks/${key}?version=${compareWith}`) : Promise.resolve(null)),
    [key, compareWith],
  );

  useEffect(() => {
    if (existing.data) setText(JSON.stringify(existing.data.definition, null, 2) + '\n');
  }, [existing.data]);

  // Validate on the server as the engineer types (debounced).
  useEffect(() => {
    if (!text.trim()) return;
    const t = setTimeout(() => {
      if (jsonPositions(text).syntaxError) {
        setValidation(null);
        return;
      }
      api
        .post<Validation>('/api/v1/playbooks/validate', text)
        .then(setValidation)
        .catch((e) => setMessage(explainProblem(e)));
    }, 400);
    return () => clearTimeout(t);
  }, [text]);

  const findings = useMemo(() => placeFindings(text, validation), [text, validation]);
  const keys = useMemo(() => {
    const s = schema.data;
    if (!s) return [];
    const step = s.$defs?.step?.properties ?? {};
    return [...new Set([...Object.keys(s.properties ?? {}), ...Object.keys(step)])].sort();
  }, [schema.data]);
  const parsed = useMemo(() => {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }, [text]);

  if (key && existing.loading && !existing.data) return <Loading what="playbook" />;
  if (key && existing.error) return <ErrorState error={existing.error} retry={existing.reload} />;
  const errors = findings.filter((f) => f.severity === 'error');
  const publish = async () => {
    setMessage(null);
    try {
      const r = await api.post<{ key: string; version: number }>('/api/v1/playbooks', text);
      setMessage(`Published ${r.key} version ${r.version}.`);
      navigate(`/playbooks/${r.key}`);
      existing.reload();
    } catch (e) {
      setMessage(explainProblem(e));
    }
  };
  const current = existing.data;
  return (
    <section>
      <header className="page-head">
        <h1>{current ? current.title : 'New playbook'}</h1>
        {current && (
          <label className="inline">
            Version
            <select value={version ?? current.version} onChange={(e) => setVersion(Number(e.target.value))}>
              {current.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version}
                </option>
              ))}
            </select>
          </label>
        )}
        <Link to="/playbooks">All playbooks</Link>
      </header>
      <div className="split">
        <div>
          <JsonEditor
            value={text}
            onChange={setText}
            problems={findings}
            keys={keys}
            values={{ action: (actions.data ?? []).map((a) => a.name) }}
            label="playbook JSON"
          />
          <div className="findings" aria-label="problems" aria-live="polite">
            {findings.length === 0 ? (
              <p className="ok-text">{validation?.valid ? 'No problems: ready to publish.' : 'Checking…'}</p>
            ) : (
              <ul>
                {findings.map((f, i) => (
                  <li key={i} className={f.severity === 'error' ? 'error-text' : 'warn-text'}>
                    Line {f.line}: {f.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
          {can('playbook.publish') && (
            <button type="button" className="primary" disabled={errors.length > 0 || !validation?.valid} onClick={publish}>
              Publish
            </button>
          )}
          {message && <p role="status">{message}</p>}
        </div>
        <div>
          <h2>Preview</h2>
          <PlaybookGraph nodes={toGraph(parsed)} />
        </div>
      </div>
      {current && current.versions.length > 1 && (
        <section aria-label="compare versions">
          <h2>Compare with</h2>
          <select value={compareWith ?? ''} onChange={(e) => setCompareWith(e.target.value ? Number(e.target.value) : null)}>
            <option value="">choose a version</option>
            {current.versions
              .filter((v) => v.version !== current.version)
              .map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version}
                </option>
              ))}
          </select>
          {other.data && (
            <pre className="diff">
              {diffLines(JSON.stringify(other.data.definition, null, 2), JSON.stringify(current.definition, null, 2)).map((l, i) => (
                <div key={i} className={l.op === '+' ? 'add' : l.op === '-' ? 'del' : ''}>
                  {l.op} {l.text}
                </div>
              ))}
            </pre>
          )}
        </section>
      )}
      {current && can('run.start') && (
        <StartRunForm playbook={current.key} version={current.version} schema={current.definition.inputs as any} />
      )}
    </section>
  );
}
