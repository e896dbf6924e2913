import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { explainProblem } from '../../../lib/problems';
import { formatTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { ErrorState, Loading, StatusBadge, Feedback } from '../../../components/states';
import { cancelScan, diffOpen, exportUrl, finished, getScan, listScans, useScanEvents, type Scan, type ScanFinding } from '../api/scans';

const port = (f: ScanFinding) => `${f.host}:${f.port}/${f.protocol}`;

/** One scan: its live progress while it runs, then its hosts, ports, diff and exports. */
export function ScanDetail() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const scan = useLoad(() => getScan(id), [id]);
  const running = scan.data != null && !finished(scan.data.status);
  // progress arrives on the stream; once the scan has ended, its hosts and findings are read once
  useScanEvents((changed) => {
    if (changed.scanId !== id) return;
    if (finished(changed.status)) scan.reload();
    else scan.setData((s) => (s ? { ...s, ...changed, hosts: s.hosts, findings: s.findings } : s));
  });
  const [filter, setFilter] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // the previous scan of the same target, profile and ports, for the diff
  const previous = useLoad(async () => {
    const s = scan.data;
    if (!s || s.status !== 'succeeded') return null;
    const all = (await listScans(200)).items;
    const before = all.find(
      (o) => o.scanId !== s.scanId && o.status === 'succeeded' && o.target === s.target && o.profile === s.profile && o.ports === s.ports && o.createdAt < s.createdAt,
    );
    return before ? getScan(before.scanId) : null;
  }, [scan.data?.scanId, scan.data?.status]);

  const rows = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return (scan.data?.findings ?? []).filter(
      (f) => !q || [f.host, f.hostname, String(f.port), f.service, f.product].some((v) => v != null && v.toLowerCase().includes(q)),
    );
  }, [scan.data, filter]);

  if (scan.loading && !scan.data) return <Loading what="the scan" />;
  if (scan.error != null && !scan.data) return <ErrorState error={scan.error} retry={scan.reload} />;
  const s = scan.data as Scan;
  const diff = previous.data?.findings && s.findings ? diffOpen(s.findings, previous.data.findings) : null;

  const cancel = async () => {
    setProblem(null);
    try {
      await cancelScan(s.scanId);
      setNotice('Cancelling: nmap is stopped.');
      scan.reload();
    } catch (x) {
      setProblem(explainProblem(x));
    }
  };

  return (
    <section aria-labelledby="scan-title">
      <header className="page-head">
        <h1 id="scan-title">Scan of {s.target}</h1>
        <StatusBadge status={s.status} />
      </header>
      <p className="muted">
        {s.profile}
        {s.ports ? ` · ports ${s.ports}` : ''} · by {s.requestedBy} · {formatTime(s.createdAt)} · <Link to="/scans">all scans</Link>
      </p>
      <Feedback notice={notice} problem={problem} />
      {s.status === 'queued' && <p>Waiting for a free scan slot…</p>}
      {(s.status === 'running' || s.progress) && (
        <div className="scan-progress">
          <progress aria-label="scan progress" max={100} value={s.progress?.percent ?? 0} />
          <span data-testid="progress-text">
            {s.progress ? `${s.progress.percent}% · ${s.progress.hostsDone}/${s.progress.hostsTotal} hosts` : '0%'}
            {s.progress?.phase && s.status === 'running' ? ` · ${s.progress.phase}` : ''}
            {s.progress?.eta && s.status === 'running' ? ` · ETA ${formatTime(s.progress.eta)}` : ''}
          </span>
        </div>
      )}
      {running && can('scan.run') && (
        <button type="button" onClick={cancel}>
          Cancel scan
        </button>
      )}
      {s.error && s.status !== 'cancelled' && (
        <p className="error-text" role="alert">
          {s.error}
        </p>
      )}
      {s.summary && (
        <p data-testid="summary">
          {s.summary.hostsUp} host(s) up · {s.summary.openPorts} open port(s) · {s.summary.elapsedSeconds}s · nmap {s.summary.nmapVersion} ·{' '}
          <a href={exportUrl(s.scanId, 'csv')} download>
            CSV
          </a>{' '}
          ·{' '}
          <a href={exportUrl(s.scanId, 'json')} download>
            JSON
          </a>{' '}
          ·{' '}
          <a href={exportUrl(s.scanId, 'pdf')} target="_blank" rel="noreferrer">
            PDF report
          </a>
        </p>
      )}
      {diff && (
        <div aria-label="changes since the previous scan">
          <h2>Since the previous scan</h2>
          {diff.opened.length === 0 && diff.closed.length === 0 && <p className="muted">No port opened or closed.</p>}
          <ul>
            {diff.opened.map((f) => (
              <li key={`o${port(f)}`}>
                newly open {port(f)} {f.service ?? ''}
              </li>
            ))}
            {diff.closed.map((f) => (
              <li key={`c${port(f)}`}>no longer open {port(f)}</li>
            ))}
          </ul>
        </div>
      )}
      {s.findings && (
        <>
          <h2>Ports</h2>
          <label className="inline">
            Filter
            <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="host, port or service" />
          </label>
          <table aria-label="findings">
            <thead>
              <tr>
                <th>Host</th>
                <th>Port</th>
                <th>State</th>
                <th>Service</th>
                <th>Product</th>
                <th>Version</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <tr key={port(f)}>
                  <td>{f.hostname ? `${f.host} (${f.hostname})` : f.host}</td>
                  <td>
                    {f.port}/{f.protocol}
                  </td>
                  <td>{f.state}</td>
                  <td>{f.service ?? ''}</td>
                  <td>{f.product ?? ''}</td>
                  <td>{f.version ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {s.hosts && <p className="muted">{s.hosts.length} host(s) reported.</p>}
        </>
      )}
    </section>
  );
}
