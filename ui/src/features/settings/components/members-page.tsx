import { useState } from 'react';
import { useSession } from '../../auth/session';
import { explainProblem } from '../../../lib/problems';
import { formatTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { ErrorState, Loading, Feedback } from '../../../components/states';
import { addMember, changeMember, listMembers, listRoles, roleNames, type Member, type RoleInfo } from '../api/access';
import { RolesSection } from './roles-section';
import { ApiKeysSection } from './api-keys-section';
import { PasswordSection } from './password-section';

/**
 * Settings › Members and API keys: who belongs to this tenant, with which role; the roles; one's
 * own keys and password.
 */
export function MembersPage() {
  const { can } = useSession();
  const mayRead = can('user.read');
  const mayManage = can('user.manage');
  // the tenant's roles (custom ones included) when the caller may read them; built-in ones otherwise
  const roles = useLoad(() => (mayRead ? listRoles().then((r) => r.items) : Promise.resolve(null)), [mayRead]);
  return (
    <section aria-labelledby="members-title">
      <header className="page-head">
        <h1 id="members-title">Members and API keys</h1>
      </header>
      {mayRead && <MembersSection mayManage={mayManage} roles={roles.data} />}
      {mayRead && roles.data && <RolesSection roles={roles.data} mayManage={can('role.manage')} changed={roles.reload} />}
      <ApiKeysSection roles={roleNames(roles.data, true)} />
      <PasswordSection />
    </section>
  );
}

function MembersSection({ mayManage, roles }: { mayManage: boolean; roles: RoleInfo[] | null }) {
  const names = roleNames(roles, false);
  const members = useLoad(listMembers, []);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [adding, setAdding] = useState({ username: '', displayName: '', role: 'analyst', password: '', email: '' });

  /** Sends a change; true when it was accepted. */
  const act = async (change: () => Promise<unknown>, done: string) => {
    setProblem(null);
    try {
      await change();
      setNotice(done);
      members.reload();
      return true;
    } catch (x) {
      setProblem(explainProblem(x));
      return false;
    }
  };

  return (
    <section aria-labelledby="members-list-title">
      <h2 id="members-list-title">Members</h2>
      <Feedback notice={notice} problem={problem} />
      {members.loading && !members.data && <Loading what="members" />}
      {members.error ? <ErrorState error={members.error} retry={members.reload} /> : null}
      {members.data && (
        <div className="table-wrap">
          <table aria-label="members">
            <thead>
              <tr>
                <th>Member</th>
                <th>Role</th>
                <th>E-mail</th>
                <th>State</th>
                <th>Since</th>
              </tr>
            </thead>
            <tbody>
              {members.data.items.map((m: Member) => (
                <tr key={m.username} data-member={m.username} className={m.disabled ? 'row-silent' : undefined}>
                  <td>
                    {m.username} {m.displayName && m.displayName !== m.username && <span className="muted">{m.displayName}</span>}
                  </td>
                  <td>
                    {mayManage ? (
                      <select
                        aria-label={`role of ${m.username}`}
                        value={m.role}
                        onChange={(e) => act(() => changeMember(m.username, { role: e.target.value }), `${m.username} is now ${e.target.value}.`)}
                      >
                        {(names.includes(m.role) ? names : [m.role, ...names]).map((r) => (
                          <option key={r}>{r}</option>
                        ))}
                      </select>
                    ) : (
                      m.role
                    )}
                  </td>
                  <td>
                    {mayManage ? (
                      <input
                        type="email"
                        aria-label={`email of ${m.username}`}
                        defaultValue={m.email ?? ''}
                        onBlur={(e) => {
                          const next = e.target.value.trim();
                          if (next !== (m.email ?? '')) act(() => changeMember(m.username, { email: next }), next ? `${m.username}'s e-mail is ${next}.` : `${m.username} has no e-mail now.`);
                        }}
                      />
                    ) : (
                      m.email ?? '—'
                    )}
                  </td>
                  <td>
                    {m.disabled ? 'disabled' : 'active'}{' '}
                    {mayManage && (
                      <button
                        type="button"
                        className="small"
                        onClick={() =>
                          act(() => changeMember(m.username, { disabled: !m.disabled }), `${m.username} is ${m.disabled ? 'enabled again' : 'disabled'}.`)
                        }
                      >
                        {m.disabled ? 'Enable' : 'Disable'}
                      </button>
                    )}
                  </td>
                  <td className="nowrap">{formatTime(m.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayManage && (
        <form
          className="card"
          aria-label="add a member"
          onSubmit={(e) => {
            e.preventDefault();
            const { username, displayName, role, password, email } = adding;
            act(
              () => addMember({ username, role, displayName: displayName || undefined, password: password || undefined, email: email || undefined }),
              `${username} joined as ${role}.`,
            ).then((ok) => ok && setAdding({ username: '', displayName: '', role: 'analyst', password: '', email: '' }));
          }}
        >
          <h3>Add a member</h3>
          <div className="form-row">
            <label>
              User name
              <input value={adding.username} onChange={(e) => setAdding({ ...adding, username: e.target.value })} required />
            </label>
            <label>
              Display name
              <input value={adding.displayName} onChange={(e) => setAdding({ ...adding, displayName: e.target.value })} />
            </label>
            <label>
              Role
              <select value={adding.role} onChange={(e) => setAdding({ ...adding, role: e.target.value })}>
                {names.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </label>
            <label>
              E-mail
              <input type="email" value={adding.email} onChange={(e) => setAdding({ ...adding, email: e.target.value })} />
            </label>
            <label>
              First password
              <input type="password" autoComplete="new-password" value={adding.password} onChange={(e) => setAdding({ ...adding, password: e.target.value })} />
            </label>
          </div>
          <button type="submit">Add member</button>
        </form>
      )}
    </section>
  );
}
