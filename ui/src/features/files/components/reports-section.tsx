import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { explainProblem } from '../../../lib/problems';
import { formatTime } from '../../../lib/format';
import { useLoad, usePolling } from '../../../lib/use-load';
import { Empty, ErrorState, Feedback, Loading, StatusBadge } from '../../../components/states';
import { ReportSchedules } from './report-schedules';
import { getSettings } from '../../settings/api/tenant';
import { createReport, formatBytes, listReports, REPORT_STATUSES, REPORT_TYPES, type Report, type ReportStatus, type ReportType } from '../api/files';

const dayStart = (date: string) => (date ? new Date(`${date}T00:00:00Z`).toISOString() : '');

function describe(r: Report): string {
  const p = r.params;
  if (r.type === 'scan') return `scan ${p.scanId}`;
  if (r.type === 'incident') return `incident ${p.incidentId}`;
  return `${formatTime(p.from)} – ${formatTime(p.to)}`;
}

/** How long the report's file stays: until when, expired, or kept. */
function retention(r: Report): string {
  if (r.status === 'expired') return `expired ${formatTime(r.expiredAt)} · file deleted`;
  if (r.expiresAt) return `until ${formatTime(r.expiresAt)}`;
  if (r.status === 'queued' || r.status === 'running') return '—';
  return 'kept';
}

/** Reports: ask for one (type, format, what it covers), follow its status, open its file. */
export function ReportsSection() {
  const { can } = useSession();
  const [status, setStatus] = useState<ReportStatus | ''>('');
  const reports = useLoad(() => listReports(status), [status]);
  const settings = useLoad(getSettings, []);
  const keepDays = settings.data?.reportRetentionDays;
  const pending = (reports.data?.items ?? []).some((r) => r.status === 'queued' || r.status === 'running');
  const refresh = useCallback(() => reports.reload(), [reports.reload]);
  usePolling(refresh, 2000, pending);
  const types = REPORT_TYPES.filter((t) => can(t.needs));
  const [type, setType] = useState<ReportType>('executive_summary');
  const [format, setFormat] = useState('pdf');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [subject, setSubject] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setNotice(null);
    const params: Record<string, string> =
      type === 'scan' ? { scanId: subject.trim() } : type === 'incident' ? { incidentId: subject.trim() } : { from: dayStart(from), ...(to ? { to: dayStart(to) } : {}) };
    try {
      const r = await createReport({ type, format, params });
      setNotice(`The ${type.replace('_', ' ')} report is being generated.`);
      reports.setData((page) => (page ? { ...page, items: [r, ...page.items] } : page));
    } catch (x) {
      setProblem(explainProblem(x));
    }
  };

  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">Reports</h2>
      {can('report.create') && types.length > 0 && (
        <form aria-label="new report" onSubmit={submit} className="form-grid">
          <label>
            Report
            <select value={type} onChange={(e) => setType(e.target.value as ReportType)}>
              {types.map((t) => (
                <option key={t.key} value={t.key}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Format
            <select value={format} onChange={(e) => setFormat(e.target.value)}>
              <option value="pdf">PDF</option>
              <option value="csv">CSV (the main table)</option>
              <option value="json">JSON (everything)</option>
            </select>
          </label>
          {type === 'scan' || type === 'incident' ? (
            <label>
              {type === 'scan' ? 'Scan id' : 'Incident id'}
              <input value={subject} onChange={(e) => setSubject(e.target.value)} required />
            </label>
          ) : (
            <>
              <label>
                From (UTC day)
                <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
              </label>
              <label>
                To (UTC day, exclusive; empty: now)
                <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
              </label>
            </>
          )}
          <Feedback notice={notice} problem={problem} />
          <button type="submit">Generate report</button>
        </form>
      )}
      <label className="inline">
        Status
        <select aria-label="report status" value={status} onChange={(e) => setStatus(e.target.value as ReportStatus | '')}>
          <option value="">all</option>
          {REPORT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      {reports.loading && !reports.data && <Loading what="reports" />}
      {reports.error != null && <ErrorState error={reports.error} retry={reports.reload} />}
      {reports.data && reports.data.items.length === 0 && <Empty>{status ? `No ${status} reports.` : 'No reports yet.'}</Empty>}
      {reports.data && reports.data.items.length > 0 && (
        <table aria-label="reports">
          <thead>
            <tr>
              <th>Report</th>
              <th>Covers</th>
              <th>Status</th>
              <th>File</th>
              <th>Kept</th>
              <th>Requested</th>
              <th>By</th>
            </tr>
          </thead>
          <tbody>
            {reports.data.items.map((r) => (
              <tr key={r.reportId}>
                <td>
                  {r.type.replace('_', ' ')} ({r.format})
                </td>
                <td>{describe(r)}</td>
                <td>
                  <StatusBadge status={r.status} />
                  {r.error && <span className="error-text"> {r.error}</span>}
                </td>
                <td>
                  {r.fileId ? (
                    <Link to={`/downloads/${r.fileId}`}>
                      {formatBytes(r.size ?? 0)}
                      {r.pages ? ` · ${r.pages} page(s)` : ''}
                    </Link>
                  ) : r.status === 'expired' && r.size != null ? (
                    <span className="muted">{formatBytes(r.size)} (deleted)</span>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{retention(r)}</td>
                <td>{formatTime(r.createdAt)}</td>
                <td>
                  {r.requestedBy}
                  {r.deliveredTo && <span className="muted"> · e-mailed to {r.deliveredTo.join(', ')}</span>}
                  {r.deliveryError && <span className="error-text"> · not e-mailed: {r.deliveryError}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ReportSchedules />
      <p className="muted" aria-label="report retention">
        {keepDays === undefined
          ? 'Report files count towards the storage quota.'
          : keepDays === 0
            ? 'Finished reports are kept until an admin deletes their files (Settings › Tenant); they count towards the storage quota.'
            : `Finished reports are kept ${keepDays} days (Settings › Tenant), then retention deletes their files and marks them expired; until then they count towards the storage quota.`}
      </p>
    </section>
  );
}
