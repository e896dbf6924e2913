import { useState } from 'react';
import { useSession } from '../../auth/session';
import { explainProblem } from '../../../lib/problems';
import { createRole, deleteRole, grantablePermissions, updateRole, type RoleInfo } from '../api/access';
import { Feedback } from '../../../components/states';

interface Draft {
  /** the role being changed; null while composing a new one */
  editing: RoleInfo | null;
  name: string;
  description: string;
  permissions: Set<string>;
}

const EMPTY: Draft = { editing: null, name: '', description: '', permissions: new Set(['self']) };

/**
 * Settings › Roles: the built-in roles and the tenant's own, with what each grants; those who may
 * manage roles compose, change and delete custom roles — only from permissions they hold.
 */
export function RolesSection({ roles, mayManage, changed }: { roles: RoleInfo[]; mayManage: boolean; changed: () => void }) {
  const { can } = useSession();
  const [open, setOpen] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const all = grantablePermissions(roles);

  const act = async (change: () => Promise<unknown>, done: string) => {
    setProblem(null);
    try {
      await change();
      setNotice(done);
      changed();
      return true;
    } catch (x) {
      setProblem(explainProblem(x));
      return false;
    }
  };

  const toggle = (p: string) => {
    const next = new Set(draft.permissions);
    if (next.has(p)) next.delete(p);
    else next.add(p);
    setDraft({ ...draft, permissions: next });
  };

  const save = async () => {
    const permissions = all.filter((p) => draft.permissions.has(p));
    const r = draft.editing;
    const ok = r
      ? await act(() => updateRole(r.name, { description: draft.description, permissions, version: r.version ?? undefined }), `Role ${r.name} changed.`)
      : await act(() => createRole({ name: draft.name.trim(), description: draft.description, permissions }), `Role ${draft.name.trim()} created.`);
    if (ok) setDraft(EMPTY);
  };

  return (
    <section aria-labelledby="roles-title">
      <h2 id="roles-title">Roles</h2>
      <p className="muted">Built-in roles are fixed. A custom role grants exactly the permissions it lists; a change applies to its members and keys at their next request.</p>
      <Feedback notice={notice} problem={problem} />
      <div className="table-wrap">
        <table aria-label="roles">
          <thead>
            <tr>
              <th>Role</th>
              <th>Kind</th>
              <th>Grants</th>
              <th>Description</th>
              {mayManage && <th />}
            </tr>
          </thead>
          <tbody>
            {roles.map((r) => (
              <tr key={r.name} data-role={r.name}>
                <td>{r.name}</td>
                <td>{r.builtIn ? 'built-in' : 'custom'}</td>
                <td>
                  <button type="button" className="small" aria-expanded={open === r.name} onClick={() => setOpen(open === r.name ? null : r.name)}>
                    {r.permissions.length} permission{r.permissions.length === 1 ? '' : 's'}
                  </button>
                  {open === r.name && (
                    <ul className="plain" aria-label={`permissions of ${r.name}`}>
                      {r.permissions.map((p) => (
                        <li key={p}>
                          <code>{p}</code>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>{r.description}</td>
                {mayManage && (
                  <td className="nowrap">
                    {!r.builtIn && (
                      <>
                        <button
                          type="button"
                          className="small"
                          onClick={() => setDraft({ editing: r, name: r.name, description: r.description, permissions: new Set(r.permissions) })}
                        >
                          Edit
                        </button>{' '}
                        <button type="button" className="small danger" onClick={() => act(() => deleteRole(r.name), `Role ${r.name} deleted.`)}>
                          Delete
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {mayManage && (
        <form
          className="card"
          aria-label={draft.editing ? `change role ${draft.editing.name}` : 'compose a role'}
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <h3>{draft.editing ? `Change ${draft.editing.name}` : 'Compose a role'}</h3>
          <div className="form-row">
            <label>
              Name
              <input
                value={draft.name}
                disabled={!!draft.editing}
                onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                placeholder="triager"
                pattern="[a-z][a-z0-9\-]{1,39}"
                title="2-40 lower-case letters, digits or hyphens, starting with a letter"
                required
              />
            </label>
            <label>
              Description
              <input value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} maxLength={500} />
            </label>
          </div>
          <fieldset className="checks">
            <legend>Permissions</legend>
            {all.map((p) => {
              const held = can(p);
              return (
                <label key={p} title={held ? undefined : 'you do not hold this permission, so you cannot grant it'}>
                  <input type="checkbox" checked={draft.permissions.has(p)} disabled={!held} onChange={() => toggle(p)} /> <code>{p}</code>
                  {!held && <span className="muted"> (not yours to grant)</span>}
                </label>
              );
            })}
          </fieldset>
          <button type="submit" disabled={draft.permissions.size === 0}>
            {draft.editing ? 'Save role' : 'Create role'}
          </button>{' '}
          {draft.editing && (
            <button type="button" onClick={() => setDraft(EMPTY)}>
              Cancel
            </button>
          )}
        </form>
      )}
    </section>
  );
}
