import { useState } from 'react';
import { useSession } from '../../auth/session';
import { explainProblem } from '../../../lib/problems';
import { formatTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { Empty, ErrorState, Feedback } from '../../../components/states';
import { describeTiming } from '../../scans/api/scans';
import {
  createReportSchedule,
  deleteReportSchedule,
  listReportSchedules,
  pauseReportSchedule,
  REPORT_TYPES,
  runReportSchedule,
} from '../api/files';

const EMPTY = {
  name: '',
  type: 'executive_summary',
  format: 'pdf',
  period: 'week',
  connection: '',
  to: '',
  when: 'cron',
  cron: '0 0 8 * * MON',
  every: '1d',
  timezone: 'UTC',
};

const PERIODS: Record<string, string> = { day: 'the day before', week: 'the week before', month: 'the month before' };

/** Report schedules: period reports e-mailed on a cron; run now, pause, resume, delete; a form for a new one. */
export function ReportSchedules() {
  const { can } = useSession();
  const mayCreate = can('report.create');
  const schedules = useLoad(listReportSchedules, []);
  const types = REPORT_TYPES.filter((t) => (t.key === 'executive_summary' || t.key === 'audit') && can(t.needs));
  const [draft, setDraft] = useState(EMPTY);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const act = async (change: () => Promise<unknown>, done: string) => {
    setProblem(null);
    setNotice(null);
    try {
      await change();
      setNotice(done);
      schedules.reload();
      return true;
    } catch (x) {
      setProblem(explainProblem(x));
      return false;
    }
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const timing = draft.when === 'cron' ? { cron: draft.cron, timezone: draft.timezone } : { every: draft.every };
    const to = draft.to
      .split(/[,\s]+/)
      .map((a) => a.trim())
      .filter(Boolean);
    const made = await act(
      () => createReportSchedule({ name: draft.name, type: draft.type, format: draft.format, period: draft.period, connection: draft.connection, to, ...timing }),
      `Report schedule ${draft.name} created.`,
    );
    if (made) setDraft(EMPTY);
  };

  return (
    <div aria-labelledby="report-schedules-title">
      <h3 id="report-schedules-title">Report schedules</h3>
      <Feedback notice={notice} problem={problem} />
      {schedules.error != null && <ErrorState error={schedules.error} retry={schedules.reload} />}
      {schedules.data && schedules.data.items.length === 0 && <Empty>No report schedules.</Empty>}
      {schedules.data && schedules.data.items.length > 0 && (
        <table aria-label="report schedules">
          <thead>
            <tr>
              <th>Name</th>
              <th>Report</th>
              <th>To</th>
              <th>When</th>
              <th>Next run</th>
              <th>Last run</th>
              {mayCreate && <th />}
            </tr>
          </thead>
          <tbody>
            {schedules.data.items.map((s) => (
              <tr key={s.name} data-report-schedule={s.name}>
                <td>{s.name}</td>
                <td>
                  {s.type.replace('_', ' ')} ({s.format}) of {PERIODS[s.period] ?? s.period}
                </td>
                <td>
                  {s.to.join(', ')} via {s.connection}
                </td>
                <td>{describeTiming(s)}</td>
                <td>{s.paused ? 'paused' : formatTime(s.nextRunAt)}</td>
                <td>
                  {formatTime(s.lastRunAt)}
                  {s.lastError && <span className="error-text"> {s.lastError}</span>}
                </td>
                {mayCreate && (
                  <td>
                    <button type="button" onClick={() => act(() => runReportSchedule(s.name), `Schedule ${s.name} is sending its report now.`)}>
                      Send now
                    </button>
                    <button type="button" onClick={() => act(() => pauseReportSchedule(s.name, !s.paused), `Schedule ${s.name} ${s.paused ? 'resumed' : 'paused'}.`)}>
                      {s.paused ? 'Resume' : 'Pause'}
                    </button>
                    <button type="button" onClick={() => act(() => deleteReportSchedule(s.name), `Schedule ${s.name} deleted.`)}>
                      Delete
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayCreate && types.length > 0 && (
        <form aria-label="new report schedule" onSubmit={submit} className="form-grid">
          <label>
            Schedule name
            <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} placeholder="weekly-summary" required />
          </label>
          <label>
            Scheduled report
            <select value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>
              {types.map((t) => (
                <option key={t.key} value={t.key}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Scheduled format
            <select value={draft.format} onChange={(e) => setDraft({ ...draft, format: e.target.value })}>
              <option value="pdf">PDF</option>
              <option value="csv">CSV</option>
              <option value="json">JSON</option>
            </select>
          </label>
          <label>
            Covers
            <select value={draft.period} onChange={(e) => setDraft({ ...draft, period: e.target.value })}>
              <option value="day">the day before each run</option>
              <option value="week">the week before each run</option>
              <option value="month">the month before each run</option>
            </select>
          </label>
          <label>
            E-mail connection (smtp)
            <input value={draft.connection} onChange={(e) => setDraft({ ...draft, connection: e.target.value })} placeholder="mail" required />
          </label>
          <label>
            Send to (comma-separated)
            <input value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} placeholder="ciso@example.org, soc@example.org" required />
          </label>
          <label>
            Sends
            <select value={draft.when} onChange={(e) => setDraft({ ...draft, when: e.target.value })}>
              <option value="cron">on a cron</option>
              <option value="every">every…</option>
            </select>
          </label>
          {draft.when === 'cron' ? (
            <>
              <label>
                Report cron (sec min hour day month weekday)
                <input value={draft.cron} onChange={(e) => setDraft({ ...draft, cron: e.target.value })} />
              </label>
              <label>
                Report timezone
                <input value={draft.timezone} onChange={(e) => setDraft({ ...draft, timezone: e.target.value })} />
              </label>
            </>
          ) : (
            <label>
              Report every
              <input value={draft.every} onChange={(e) => setDraft({ ...draft, every: e.target.value })} placeholder="1d" />
            </label>
          )}
          <button type="submit">Add report schedule</button>
        </form>
      )}
    </div>
  );
}
