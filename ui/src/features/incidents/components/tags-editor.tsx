import { useState } from 'react';
import { changeTags, type IncidentDetail } from '../api/incidents';
import type { Act } from './incident-page';

/** The incident's tags; those who may add one or take one off. */
export function TagsEditor({ incident: i, act, busy, mayManage }: { incident: IncidentDetail; act: Act; busy: boolean; mayManage: boolean }) {
  const [tag, setTag] = useState('');
  return (
    <span className="chips tags">
      {i.tags.length === 0 && !mayManage && <span className="muted">—</span>}
      {i.tags.map((t) => (
        <span key={t} className="chip">
          {t}
          {mayManage && (
            <button
              type="button"
              className="chip-x"
              aria-label={`remove tag ${t}`}
              disabled={busy}
              onClick={() => act(() => changeTags(i.id, [], [t]), `Tag ${t} removed.`)}
            >
              ×
            </button>
          )}
        </span>
      ))}
      {mayManage && (
        <form
          className="inline-form"
          onSubmit={async (e) => {
            e.preventDefault();
            const t = tag.trim();
            if (t && (await act(() => changeTags(i.id, [t], []), `Tagged ${t}.`))) setTag('');
          }}
        >
          <input aria-label="new tag" className="small-input" value={tag} onChange={(e) => setTag(e.target.value)} placeholder="add tag" />
          <button type="submit" className="small" disabled={busy || !tag.trim()}>
            Add
          </button>
        </form>
      )}
    </span>
  );
}
