import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { explainProblem } from '../../../lib/problems';
import { formatTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { Empty, Feedback } from '../../../components/states';
import { createSchedule, deleteSchedule, describeTiming, listSchedules, pauseSchedule, PROFILES } from '../api/scans';

const EMPTY = { name: '', target: '', profile: 'top-ports', when: 'cron', cron: '0 0 2 * * *', every: '6h', timezone: 'UTC' };

/** The scan schedules: when each runs next, pause, resume, delete; a form for a new one. */
export function ScanSchedules() {
  const { can } = useSession();
  const mayRun = can('scan.run');
  const schedules = useLoad(listSchedules, []);
  const [draft, setDraft] = useState(EMPTY);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const act = async (change: () => Promise<unknown>, done: string) => {
    setProblem(null);
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
    if (await act(() => createSchedule({ name: draft.name, target: draft.target, profile: draft.profile, ...timing }), `Schedule ${draft.name} created.`)) {
      setDraft(EMPTY);
    }
  };

  return (
    <div aria-labelledby="schedules-title">
      <h2 id="schedules-title">Schedules</h2>
      <Feedback notice={notice} problem={problem} />
      {schedules.data && schedules.data.items.length === 0 && <Empty>No scan schedules.</Empty>}
      {schedules.data && schedules.data.items.length > 0 && (
        <table aria-label="schedules">
          <thead>
            <tr>
              <th>Name</th>
              <th>Target</th>
              <th>When</th>
              <th>Next run</th>
              <th>Last run</th>
              {mayRun && <th />}
            </tr>
          </thead>
          <tbody>
            {schedules.data.items.map((s) => (
              <tr key={s.name} data-schedule={s.name}>
                <td>{s.name}</td>
                <td>
                  {s.target} · {s.profile}
                </td>
                <td>{describeTiming(s)}</td>
                <td>{s.paused ? 'paused' : formatTime(s.nextRunAt)}</td>
                <td>
                  {s.lastScanId ? <Link to={`/scans/${s.lastScanId}`}>{formatTime(s.lastRunAt)}</Link> : formatTime(s.lastRunAt)}
                  {s.lastError && <span className="error-text"> {s.lastError}</span>}
                </td>
                {mayRun && (
                  <td>
                    <button type="button" onClick={() => act(() => pauseSchedule(s.name, !s.paused), `Schedule ${s.name} ${s.paused ? 'resumed' : 'paused'}.`)}>
                      {s.paused ? 'Resume' : 'Pause'}
                    </button>
                    <button type="button" onClick={() => act(() => deleteSchedule(s.name), `Schedule ${s.name} deleted.`)}>
                      Delete
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayRun && (
        <form aria-label="new schedule" onSubmit={submit} className="form-grid">
          <label>
            Name
            <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} placeholder="nightly-dmz" required />
          </label>
          <label>
            Schedule target
            <input value={draft.target} onChange={(e) => setDraft({ ...draft, target: e.target.value })} required />
          </label>
          <label>
            Schedule profile
            <select value={draft.profile} onChange={(e) => setDraft({ ...draft, profile: e.target.value })}>
              {PROFILES.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Runs
            <select value={draft.when} onChange={(e) => setDraft({ ...draft, when: e.target.value })}>
              <option value="cron">on a cron</option>
              <option value="every">every…</option>
            </select>
          </label>
          {draft.when === 'cron' ? (
            <>
              <label>
                Cron (sec min hour day month weekday)
                <input value={draft.cron} onChange={(e) => setDraft({ ...draft, cron: e.target.value })} />
              </label>
              <label>
                Timezone
                <input value={draft.timezone} onChange={(e) => setDraft({ ...draft, timezone: e.target.value })} />
              </label>
            </>
          ) : (
            <label>
              Every
              <input value={draft.every} onChange={(e) => setDraft({ ...draft, every: e.target.value })} placeholder="6h" />
            </label>
          )}
          <button type="submit">Add schedule</button>
        </form>
      )}
    </div>
  );
}
