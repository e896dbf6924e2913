import { useEffect, useRef, useState } from 'react';
import { SEVERITIES, type Severity } from '../../../lib/api-client';
import { explainProblem } from '../../../lib/problems';
import { createIncident, type IncidentDetail } from '../api/incidents';

/** "New incident": a manual incident with a title, a severity and a description. */
export function NewIncidentDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (i: IncidentDetail) => void }) {
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('medium');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <div className="backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <form
        className="card dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="new-incident-title"
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            onCreated(await createIncident({ title: title.trim(), severity, description: description.trim() }));
          } catch (x) {
            setError(explainProblem(x));
          } finally {
            setBusy(false);
          }
        }}
      >
        <h2 id="new-incident-title">New incident</h2>
        <label>
          Title
          <input ref={first} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} />
        </label>
        <label>
          Severity
          <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Description (Markdown)
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={4} />
        </label>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy || !title.trim()}>
            Create incident
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
