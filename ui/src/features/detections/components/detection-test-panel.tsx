import { useState } from 'react';
import { formatTime } from '../../../lib/format';
import { explainProblem } from '../../../lib/problems';
import { Empty, SeverityBadge } from '../../../components/states';
import { testDetection, type TestResult } from '../api/detections';

const DAY_MS = 24 * 3600 * 1000;

/** Runs the published rule over the last 24 hours of stored events and lists what it would raise. */
export function DetectionTestPanel({ ruleKey, version }: { ruleKey: string; version: number }) {
  const [result, setResult] = useState<TestResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setMessage(null);
    const to = new Date();
    try {
      setResult(await testDetection(ruleKey, new Date(to.getTime() - DAY_MS), to));
    } catch (e) {
      setResult(null);
      setMessage(explainProblem(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card test-panel" aria-label="test the rule">
      <h2>Test over the last 24 h</h2>
      <p className="muted">
        Runs the published rule (v{version}) over the events stored in the last 24 hours. Nothing is raised: you see the alerts it would
        have raised.
      </p>
      <button type="button" disabled={busy} onClick={run}>
        {busy ? 'Testing…' : 'Test over the last 24 h'}
      </button>
      {message && (
        <p className="error-text" role="alert">
          {message}
        </p>
      )}
      {result && (
        <div aria-live="polite">
          <p className="message" role="status">
            {result.alerts.length} would-be alert{result.alerts.length === 1 ? '' : 's'} from {result.events} event
            {result.events === 1 ? '' : 's'}.
          </p>
          {result.truncated && <p className="notice">The range held more events than one test examines: this is a partial result.</p>}
          {result.alerts.length === 0 ? (
            <Empty>The rule would have raised nothing in the last 24 hours.</Empty>
          ) : (
            <div className="table-wrap">
              <table aria-label="would-be alerts">
                <thead>
                  <tr>
                    <th>Title</th>
                    <th>Severity</th>
                    <th>Entity</th>
                    <th>Group</th>
                    <th>Events</th>
                    <th>First seen</th>
                    <th>Last seen</th>
                  </tr>
                </thead>
                <tbody>
                  {result.alerts.map((a, i) => (
                    <tr key={i}>
                      <td>{a.title}</td>
                      <td>
                        <SeverityBadge severity={a.severity} />
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
                      <td>
                        {Object.entries(a.group ?? {})
                          .map(([k, v]) => `${k} ${v}`)
                          .join(' · ') || '—'}
                      </td>
                      <td>{a.eventCount}</td>
                      <td className="nowrap">{formatTime(a.firstSeen)}</td>
                      <td className="nowrap">{formatTime(a.lastSeen)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
