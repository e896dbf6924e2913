import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { explainProblem } from '../../../lib/problems';
import { formatTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { Empty, ErrorState, Loading, Feedback } from '../../../components/states';
import { listConnections, type Connection } from '../../integrations/api/integrations';
import {
  CHANNEL_PROVIDERS,
  changeRoute,
  createRoute,
  deleteRoute,
  describeRoute,
  EVENTS,
  listDeliveries,
  listRoutes,
  SEVERITIES,
  targetHint,
} from '../api/notifications';

const EMPTY = { name: '', events: ['approval.opened'] as string[], severities: [] as string[], connection: '', target: '' };

/**
 * Settings › Notifications: the channels (Slack, e-mail, webhook and PagerDuty connections), the
 * routes that send approvals and incidents to them, and what was delivered.
 */
export function NotificationsPage() {
  const { can } = useSession();
  const mayManage = can('settings.manage');
  const routes = useLoad(listRoutes, []);
  const deliveries = useLoad(listDeliveries, []);
  // channels are connections; reading them needs integration.read
  const channels = useLoad(
    () => (can('integration.read') ? listConnections().then((all) => all.filter((c) => CHANNEL_PROVIDERS.includes(c.provider))) : Promise.resolve(null)),
    [],
  );
  const [draft, setDraft] = useState(EMPTY);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const act = async (change: () => Promise<unknown>, done: string) => {
    setProblem(null);
    try {
      await change();
      setNotice(done);
      routes.reload();
      return true;
    } catch (x) {
      setProblem(explainProblem(x));
      return false;
    }
  };
  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const chosen = channels.data?.find((c) => c.name === draft.connection);
  const hint = targetHint(chosen?.provider);

  return (
    <section aria-labelledby="notifications-title">
      <header className="page-head">
        <h1 id="notifications-title">Notifications</h1>
      </header>
      <p className="muted">
        Routes send approvals and incidents to channels. A Slack channel gets Approve and Reject buttons on approvals; the vote follows the same rules as in
        Vigil.
      </p>
      <Feedback notice={notice} problem={problem} />

      <h2>Channels</h2>
      {channels.data === null && !channels.loading && <p className="muted">Channels are connections; your role cannot list them.</p>}
      {channels.data && channels.data.length === 0 && (
        <Empty>
          No channel yet: add a Slack, e-mail (SMTP), webhook or PagerDuty connection in <Link to="/settings/integrations">Integrations</Link>.
        </Empty>
      )}
      {channels.data && channels.data.length > 0 && (
        <ul className="plain" aria-label="channels">
          {channels.data.map((c: Connection) => (
            <li key={c.name} data-channel={c.name}>
              <strong>{c.name}</strong> <span className="badge">{c.provider}</span>
              {c.interactionsUrl && (
                <span className="muted small">
                  {' '}
                  Interactivity Request URL for the Slack app: <code>{c.interactionsUrl}</code>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}

      <h2>Routes</h2>
      {routes.loading && !routes.data && <Loading what="routes" />}
      {routes.error ? <ErrorState error={routes.error} retry={routes.reload} /> : null}
      {routes.data && routes.data.items.length === 0 && <Empty>No route: nothing is sent anywhere.</Empty>}
      {routes.data && routes.data.items.length > 0 && (
        <div className="table-wrap">
          <table aria-label="routes">
            <thead>
              <tr>
                <th>Route</th>
                <th>Sends</th>
                <th>To</th>
                <th>State</th>
                {mayManage && <th />}
              </tr>
            </thead>
            <tbody>
              {routes.data.items.map((r) => (
                <tr key={r.name} data-route={r.name} className={r.enabled ? undefined : 'row-silent'}>
                  <td>{r.name}</td>
                  <td>{describeRoute(r)}</td>
                  <td>
                    {r.channel.connection} <span className="muted small">{[r.channel.provider, r.channel.target].filter(Boolean).join(' · ')}</span>
                  </td>
                  <td>{r.enabled ? 'on' : 'off'}</td>
                  {mayManage && (
                    <td className="nowrap">
                      <button type="button" className="small" onClick={() => act(() => changeRoute(r.name, { enabled: !r.enabled }), `Route ${r.name} is ${r.enabled ? 'off' : 'on'}.`)}>
                        {r.enabled ? 'Turn off' : 'Turn on'}
                      </button>{' '}
                      <button type="button" className="small danger" onClick={() => act(() => deleteRoute(r.name), `Route ${r.name} deleted.`)}>
                        Delete
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {mayManage && (
        <form
          className="card"
          aria-label="add a route"
          onSubmit={(e) => {
            e.preventDefault();
            act(
              () =>
                createRoute({
                  name: draft.name.trim(),
                  events: draft.events,
                  severities: draft.severities,
                  channel: draft.target.trim() ? { connection: draft.connection, target: draft.target.trim() } : { connection: draft.connection },
                }),
              `Route ${draft.name.trim()} added.`,
            ).then((ok) => ok && setDraft(EMPTY));
          }}
        >
          <h3>Add a route</h3>
          <div className="form-row">
            <label>
              Name
              <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} placeholder="soc-approvals" required />
            </label>
            <label>
              Channel
              {channels.data ? (
                <select value={draft.connection} onChange={(e) => setDraft({ ...draft, connection: e.target.value })} required>
                  <option value="">choose…</option>
                  {channels.data.map((c) => (
                    <option key={c.name} value={c.name}>
                      {c.name} ({c.provider})
                    </option>
                  ))}
                </select>
              ) : (
                <input value={draft.connection} onChange={(e) => setDraft({ ...draft, connection: e.target.value })} placeholder="connection name" required />
              )}
            </label>
            {hint && (
              <label>
                {hint.label}
                <input value={draft.target} onChange={(e) => setDraft({ ...draft, target: e.target.value })} placeholder={hint.placeholder} />
              </label>
            )}
          </div>
          <fieldset className="checks">
            <legend>Events</legend>
            {EVENTS.map((e) => (
              <label key={e.key}>
                <input type="checkbox" checked={draft.events.includes(e.key)} onChange={() => setDraft({ ...draft, events: toggle(draft.events, e.key) })} /> {e.label}
              </label>
            ))}
          </fieldset>
          <fieldset className="checks">
            <legend>Only these severities (incidents; none ticked: all)</legend>
            {SEVERITIES.map((s) => (
              <label key={s}>
                <input type="checkbox" checked={draft.severities.includes(s)} onChange={() => setDraft({ ...draft, severities: toggle(draft.severities, s) })} /> {s}
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={draft.events.length === 0}>
            Add route
          </button>
        </form>
      )}

      <h2>Recent deliveries</h2>
      {deliveries.error ? <ErrorState error={deliveries.error} retry={deliveries.reload} /> : null}
      {deliveries.data && deliveries.data.items.length === 0 && <Empty>Nothing delivered yet.</Empty>}
      {deliveries.data && deliveries.data.items.length > 0 && (
        <div className="table-wrap">
          <table aria-label="deliveries">
            <thead>
              <tr>
                <th>When</th>
                <th>Notification</th>
                <th>Route</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.items.map((d) => (
                <tr key={`${d.key}/${d.route}`} data-delivery={d.status}>
                  <td className="nowrap">{formatTime(d.at)}</td>
                  <td>
                    <code>{d.key}</code>
                  </td>
                  <td>
                    {d.route} <span className="muted small">{d.connection}</span>
                  </td>
                  <td>{d.status === 'sent' ? 'sent' : `failed: ${d.error ?? ''}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
