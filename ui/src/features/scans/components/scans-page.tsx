import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { explainProblem } from '../../../lib/problems';
import { formatTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { Empty, ErrorState, Loading, StatusBadge } from '../../../components/states';
import { listScans, PROFILES, scanScope, startScan, useScanEvents } from '../api/scans';
import { ScanSchedules } from './scan-schedules';

/** Scans: start one inside the tenant's scope, and the history with live progress. */
export function ScansPage() {
  const { can } = useSession();
  const navigate = useNavigate();
  const scans = useLoad(() => listScans(), []);
  const scope = useLoad(() => scanScope().catch(() => null), []);
  const [target, setTarget] = useState('');
  const [profile, setProfile] = useState<string>('top-ports');
  const [ports, setPorts] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // a changed scan replaces its row; a new one (started elsewhere, or by a schedule) goes on top
  useScanEvents((changed) =>
    scans.setData((page) => {
      if (!page) return page;
      const known = page.items.some((s) => s.scanId === changed.scanId);
      return { ...page, items: known ? page.items.map((s) => (s.scanId === changed.scanId ? changed : s)) : [changed, ...page.items] };
    }),
  );
  const takesPorts = PROFILES.find((p) => p.key === profile)?.ports ?? false;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setBusy(true);
    try {
      const s = await startScan({ target, profile, ...(takesPorts && ports.trim() ? { ports: ports.trim() } : {}) });
      navigate(`/scans/${s.scanId}`);
    } catch (x) {
      setProblem(explainProblem(x));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="scans-title">
      <header className="page-head">
        <h1 id="scans-title">Scans</h1>
      </header>
      {can('scan.run') && (
        <form aria-label="start a scan" onSubmit={submit} className="form-grid">
          <label>
            Target
            <input value={target} onChange={(e) => setTarget(e.target.value)} placeholder="10.0.0.0/24 web.lab.example.com" required />
          </label>
          <p className="muted" data-testid="scope-hint">
            {scope.data === null || scope.data === undefined
              ? 'Targets must lie inside the tenant’s scan scope.'
              : scope.data.length === 0
                ? 'No scan scope yet: an admin lists what may be scanned (Settings › scanScope).'
                : `Inside the scope: ${scope.data.join(', ')}`}
          </p>
          <label>
            Profile
            <select value={profile} onChange={(e) => setProfile(e.target.value)}>
              {PROFILES.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          {takesPorts && (
            <label>
              Ports (optional)
              <input value={ports} onChange={(e) => setPorts(e.target.value)} placeholder="22,80,443,8000-8100" />
            </label>
          )}
          {problem && (
            <p className="error-text" role="alert">
              {problem}
            </p>
          )}
          <button type="submit" disabled={busy || !target.trim()}>
            Start scan
          </button>
        </form>
      )}
      <ScanSchedules />
      <h2>History</h2>
      {scans.loading && !scans.data && <Loading what="scans" />}
      {scans.error != null && <ErrorState error={scans.error} retry={scans.reload} />}
      {scans.data && scans.data.items.length === 0 && <Empty>No scans yet.</Empty>}
      {scans.data && scans.data.items.length > 0 && (
        <table aria-label="scans">
          <thead>
            <tr>
              <th>Target</th>
              <th>Profile</th>
              <th>Status</th>
              <th>Progress</th>
              <th>Open ports</th>
              <th>Started</th>
              <th>By</th>
            </tr>
          </thead>
          <tbody>
            {scans.data.items.map((s) => (
              <tr key={s.scanId}>
                <td>
                  <Link to={`/scans/${s.scanId}`}>{s.target}</Link>
                </td>
                <td>{s.profile}</td>
                <td>
                  <StatusBadge status={s.status} />
                </td>
                <td>{s.progress ? `${s.progress.percent}%` : '—'}</td>
                <td>{s.summary ? s.summary.openPorts : '—'}</td>
                <td>{formatTime(s.createdAt)}</td>
                <td>{s.requestedBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
