import { useState } from 'react';
import { Link } from 'react-router-dom';
import { formatTime } from '../../../lib/format';
import { MitreChips } from '../../../components/mitre-chips';
import { SeverityBadge, StatusBadge } from '../../../components/states';
import { addObservable, linkAlert, OBSERVABLE_KINDS, TLPS, unlinkAlert, type IncidentDetail } from '../api/incidents';
import type { Act } from './incident-page';

interface Props {
  incident: IncidentDetail;
  act: Act;
  busy: boolean;
  mayManage: boolean;
}

/** The alerts of the incident, each linking to its evidence; link or unlink one by hand. */
export function IncidentAlerts({ incident: i, act, busy, mayManage }: Props) {
  const [alertId, setAlertId] = useState('');
  return (
    <section aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      {i.alerts.length === 0 && <p className="muted">No alert is attached.</p>}
      {i.alerts.length > 0 && (
        <div className="table-wrap">
          <table aria-label="incident alerts">
            <thead>
              <tr>
                <th>Alert</th>
                <th>Severity</th>
                <th>Status</th>
                <th>Entity</th>
                <th>Events</th>
                <th>Seen</th>
                <th>MITRE</th>
                <th>Attached</th>
                {mayManage && <th />}
              </tr>
            </thead>
            <tbody>
              {i.alerts.map((a) => (
                <tr key={a.id} data-alert={a.id}>
                  <td>
                    <Link to={`/alerts/${a.id}`}>{a.title}</Link>
                    <div className="muted small">
                      {a.rule.key} v{a.rule.version} · <Link to={`/alerts/${a.id}`}>evidence</Link>
                    </div>
                  </td>
                  <td>
                    <SeverityBadge severity={a.severity} />
                  </td>
                  <td>
                    <StatusBadge status={a.status} />
                  </td>
                  <td>
                    {a.entity ? (
                      <>
                        <span className="muted">{a.entity.kind}</span> <code>{a.entity.value}</code>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{a.eventCount}</td>
                  <td className="nowrap small">
                    {formatTime(a.firstSeen)}
                    <br />
                    {formatTime(a.lastSeen)}
                  </td>
                  <td>
                    <MitreChips ids={a.mitre} />
                  </td>
                  <td className="small">
                    {a.origin?.attachedBy ?? '—'}
                    {a.origin?.attachedAt && <div className="muted">{formatTime(a.origin.attachedAt)}</div>}
                    {a.origin?.incidentId && a.origin.incidentId !== i.id && (
                      <div className="muted">
                        from <Link to={`/incidents/${a.origin.incidentId}`}>{a.origin.incidentId}</Link>
                      </div>
                    )}
                  </td>
                  {mayManage && (
                    <td>
                      <button type="button" className="small" disabled={busy} onClick={() => act(() => unlinkAlert(i.id, a.id), 'Alert unlinked.')}>
                        Unlink
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
          className="inline-form"
          aria-label="link alert"
          onSubmit={async (e) => {
            e.preventDefault();
            const id = alertId.trim();
            if (id && (await act(() => linkAlert(i.id, id), 'Alert linked.'))) setAlertId('');
          }}
        >
          <label className="inline">
            Link alert
            <input value={alertId} onChange={(e) => setAlertId(e.target.value)} placeholder="alert id" />
          </label>
          <button type="submit" disabled={busy || !alertId.trim()}>
            Link
          </button>
        </form>
      )}
    </section>
  );
}

/** Observables with their TLP and where else they were seen. */
export function IncidentObservables({ incident: i, act, busy, mayManage }: Props) {
  const [kind, setKind] = useState('ip');
  const [value, setValue] = useState('');
  const [tlp, setTlp] = useState<string>('amber');
  return (
    <section aria-labelledby="observables-title">
      <h2 id="observables-title">Observables</h2>
      {i.observables.length === 0 && <p className="muted">No observables yet.</p>}
      {i.observables.length > 0 && (
        <div className="table-wrap">
          <table aria-label="observables">
            <thead>
              <tr>
                <th>Observable</th>
                <th>TLP</th>
                <th>Seen here</th>
                <th>Sightings</th>
                <th>Other incidents</th>
                <th>Sources</th>
              </tr>
            </thead>
            <tbody>
              {i.observables.map((o) => (
                <tr key={`${o.kind}:${o.value}`} data-observable={`${o.kind}:${o.value}`}>
                  <td>
                    <span className="muted">{o.kind}</span> <code>{o.value}</code>
                  </td>
                  <td>
                    <span className={`badge tlp tlp-${o.tlp}`}>TLP:{o.tlp.toUpperCase()}</span>
                  </td>
                  <td className="nowrap small">
                    {formatTime(o.firstSeen)}
                    <br />
                    {formatTime(o.lastSeen)}
                  </td>
                  <td className="small">
                    {o.sightings ? (
                      <>
                        {o.sightings.incidents} incident{o.sightings.incidents === 1 ? '' : 's'}, {o.sightings.alerts} alert
                        {o.sightings.alerts === 1 ? '' : 's'}
                        <div className="muted">since {formatTime(o.sightings.firstSeen)}</div>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    {(o.sightings?.otherIncidents ?? []).length === 0 && <span className="muted">none</span>}
                    {(o.sightings?.otherIncidents ?? []).map((other) => (
                      <div key={other}>
                        <Link to={`/incidents/${other}`}>{other}</Link>
                      </div>
                    ))}
                  </td>
                  <td className="small">
                    {o.sources.length === 0 && '—'}
                    {o.sources.map((src) =>
                      src.startsWith('alert:') ? (
                        <div key={src}>
                          <Link to={`/alerts/${src.slice(6)}`}>alert {src.slice(6, 14)}</Link>
                        </div>
                      ) : (
                        <div key={src}>{src}</div>
                      ),
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayManage && (
        <form
          className="inline-form"
          aria-label="add observable"
          onSubmit={async (e) => {
            e.preventDefault();
            const v = value.trim();
            if (v && (await act(() => addObservable(i.id, { kind, value: v, tlp }), `Observable ${v} added.`))) setValue('');
          }}
        >
          <label className="inline">
            Kind
            <select value={kind} onChange={(e) => setKind(e.target.value)}>
              {OBSERVABLE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            Value
            <input value={value} onChange={(e) => setValue(e.target.value)} />
          </label>
          <label className="inline">
            TLP
            <select value={tlp} onChange={(e) => setTlp(e.target.value)}>
              {TLPS.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy || !value.trim()}>
            Add observable
          </button>
        </form>
      )}
    </section>
  );
}
