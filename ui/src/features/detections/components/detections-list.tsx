import { useState } from 'react';
import { Link } from 'react-router-dom';
import { formatTime } from '../../../lib/format';
import { explainProblem } from '../../../lib/problems';
import { useLoad } from '../../../lib/use-load';
import { MitreChips } from '../../../components/mitre-chips';
import { Empty, ErrorState, Loading, SeverityBadge } from '../../../components/states';
import { useSession } from '../../auth/session';
import { listDetections, rateText, setDetectionEnabled } from '../api/detections';

/** The tenant's detection rules: which are on, how much they raise, how often they are wrong. */
export function DetectionsList() {
  const { can } = useSession();
  const { data, error, loading, reload, setData } = useLoad(listDetections, []);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const mayManage = can('detection.manage');
  const toggle = async (key: string, enabled: boolean) => {
    setBusy(key);
    setMessage(null);
    try {
      const updated = await setDetectionEnabled(key, enabled);
      setData((d) => d && { items: d.items.map((r) => (r.key === key ? { ...r, ...updated, enabled: updated?.enabled ?? enabled } : r)) });
      setMessage(`${key} is ${enabled ? 'on' : 'off'}.`);
    } catch (e) {
      setMessage(explainProblem(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section aria-labelledby="detections-title">
      <header className="page-head">
        <h1 id="detections-title">Detections</h1>
        {mayManage && (
          <>
            <Link className="button primary" to="/detections/new">
              New rule
            </Link>
            <Link className="button" to="/detections/sigma">
              Import Sigma
            </Link>
          </>
        )}
      </header>
      {!mayManage && data && <p className="notice">Your role can see detection rules but not change them.</p>}
      {message && (
        <p className="message" role="status">
          {message}
        </p>
      )}
      {loading && !data && <Loading what="detection rules" />}
      {error ? <ErrorState error={error} retry={reload} /> : null}
      {data && data.items.length === 0 && <Empty>No detection rules yet.</Empty>}
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table aria-label="detection rules">
            <thead>
              <tr>
                <th>On</th>
                <th>Rule</th>
                <th>Kind</th>
                <th>Severity</th>
                <th>Alerts</th>
                <th>False positives</th>
                <th>MITRE</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.key} data-rule={r.key}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`enabled ${r.key}`}
                      checked={r.enabled}
                      disabled={!mayManage || busy === r.key}
                      onChange={(e) => toggle(r.key, e.target.checked)}
                    />
                  </td>
                  <td>
                    <Link to={`/detections/${r.key}`}>{r.title}</Link>
                    <div className="muted small">
                      {r.key} v{r.version}
                      <span className="tag">{r.origin}</span>
                    </div>
                  </td>
                  <td>{r.kind}</td>
                  <td>
                    <SeverityBadge severity={r.severity} />
                  </td>
                  <td>
                    <Link to={`/alerts?rule=${encodeURIComponent(r.key)}`} aria-label={`${r.alerts} alerts of ${r.key}`}>
                      {r.alerts}
                    </Link>
                  </td>
                  <td>{rateText(r.falsePositiveRate)}</td>
                  <td>
                    <MitreChips ids={r.mitre} />
                  </td>
                  <td className="nowrap">{formatTime(r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
