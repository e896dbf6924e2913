import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from '../../lib/api-client';
import { explainProblem } from '../../lib/problems';

type Schema = {
  type?: string;
  properties?: Record<string, { type?: string; format?: string; description?: string; enum?: unknown[]; default?: unknown }>;
  required?: string[];
};

/** Turns the form's strings into the values the input schema asks for. */
export function coerceInputs(schema: Schema | undefined, raw: Record<string, string | boolean>) {
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(schema?.properties ?? {})) {
    const v = raw[name];
    if (v === undefined || v === '') continue;
    switch (prop.type) {
      case 'integer':
      case 'number':
        out[name] = Number(v);
        break;
      case 'boolean':
        out[name] = v === true || v === 'true';
        break;
      case 'array':
      case 'object':
        try {
          out[name] = JSON.parse(String(v));
        } catch {
          out[name] = v; // the server points at it
        }
        break;
      default:
        out[name] = v;
    }
  }
  return out;
}

/** A run form generated from the playbook's input schema; live or dry run. */
export function StartRunForm({ playbook, version, schema }: { playbook: string; version: number; schema?: Schema }) {
  const navigate = useNavigate();
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [mode, setMode] = useState<'live' | 'dry_run'>('dry_run');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const props = Object.entries(schema?.properties ?? {});
  return (
    <form
      className="card run-form"
      aria-label="start a run"
      onSubmit={async (e) => {
        e.preventDefault();
        setErrors({});
        setMessage(null);
        try {
          const r = await api.post<{ runId: string }>('/api/v1/runs', {
            playbook,
            version,
            mode,
            inputs: coerceInputs(schema, values),
          });
          navigate(`/runs/${r.runId}`);
        } catch (err) {
          if (err instanceof ApiError && err.problem.errors) {
            setErrors(Object.fromEntries(err.problem.errors.map((f) => [f.pointer.replace(/^\/inputs\/?/, ''), f.message])));
          }
          setMessage(explainProblem(err));
        }
      }}
    >
      <h2>Start a run</h2>
      {props.length === 0 && <p className="muted">This playbook takes no inputs.</p>}
      {props.map(([name, p]) => (
        <label key={name}>
          {name}
          {schema?.required?.includes(name) && <span aria-label="required"> *</span>}
          {p.type === 'boolean' ? (
            <input type="checkbox" checked={values[name] === true} onChange={(e) => setValues({ ...values, [name]: e.target.checked })} />
          ) : p.enum ? (
            <select value={String(values[name] ?? '')} onChange={(e) => setValues({ ...values, [name]: e.target.value })}>
              <option value="" />
              {p.enum.map((v) => (
                <option key={String(v)}>{String(v)}</option>
              ))}
            </select>
          ) : p.type === 'array' || p.type === 'object' ? (
            <textarea
              rows={3}
              placeholder={p.type === 'array' ? '["…"]' : '{"…": …}'}
              value={String(values[name] ?? '')}
              onChange={(e) => setValues({ ...values, [name]: e.target.value })}
            />
          ) : (
            <input
              type={p.type === 'integer' || p.type === 'number' ? 'number' : 'text'}
              placeholder={p.format ?? ''}
              value={String(values[name] ?? '')}
              onChange={(e) => setValues({ ...values, [name]: e.target.value })}
            />
          )}
          {p.description && <small className="muted">{p.description}</small>}
          {errors[name] && <small className="error-text">{errors[name]}</small>}
        </label>
      ))}
      <fieldset>
        <legend>Mode</legend>
        <label className="inline">
          <input type="radio" name="mode" checked={mode === 'dry_run'} onChange={() => setMode('dry_run')} /> Dry run (write actions are
          previewed, not done)
        </label>
        <label className="inline">
          <input type="radio" name="mode" checked={mode === 'live'} onChange={() => setMode('live')} /> Live
        </label>
      </fieldset>
      <button type="submit" className="primary">
        Start {mode === 'dry_run' ? 'dry run' : 'run'}
      </button>
      {message && (
        <p className="error-text" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}
