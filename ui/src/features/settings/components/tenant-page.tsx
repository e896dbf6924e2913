import { useEffect, useState } from 'react';
import { useSession } from '../../auth/session';
import { ApiError } from '../../../lib/api-client';
import { explainProblem } from '../../../lib/problems';
import { formatTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { ErrorState, Loading } from '../../../components/states';
import { AUDIT_FILTERS, getSettings, listAudit, patchSettings, verifyAudit, type AuditEntry, type AuditFilters, type Verification } from '../api/tenant';

/** Settings › Tenant: the tenant's settings, and (for auditors and admins) the audit trail. */
export function TenantPage() {
  const { can } = useSession();
  return (
    <section aria-labelledby="tenant-title">
      <header className="page-head">
        <h1 id="tenant-title">Tenant</h1>
      </header>
      <SettingsForm mayManage={can('settings.manage')} />
      {can('audit.read') && <AuditTrail />}
    </section>
  );
}

function SettingsForm({ mayManage }: { mayManage: boolean }) {
  const settings = useLoad(getSettings, []);
  const [timezone, setTimezone] = useState('');
  const [retention, setRetention] = useState('');
  const [silence, setSilence] = useState('');
  const [disconnected, setDisconnected] = useState('');
  const [reportRetention, setReportRetention] = useState('');
  const [errors, setErrors] = useState<{ pointer: string; message: string }[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data) {
      setTimezone(settings.data.timezone);
      setRetention(String(settings.data.retentionDays));
      setSilence(JSON.stringify(settings.data.sourceSilence, null, 2));
      setDisconnected(settings.data.agentDisconnectedAfter);
      setReportRetention(String(settings.data.reportRetentionDays));
    }
  }, [settings.data]);
  if (settings.loading && !settings.data) return <Loading what="settings" />;
  if (settings.error) return <ErrorState error={settings.error} retry={settings.reload} />;

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setErrors([]);
    setNotice(null);
    let sourceSilence: Record<string, string>;
    try {
      sourceSilence = JSON.parse(silence || '{}');
    } catch {
      setErrors([{ pointer: '/sourceSilence', message: 'is not valid JSON' }]);
      return;
    }
    try {
      await patchSettings({
        timezone: timezone.trim(),
        retentionDays: Number(retention),
        sourceSilence,
        agentDisconnectedAfter: disconnected.trim(),
        reportRetentionDays: Number(reportRetention),
      });
      setNotice('Settings saved.');
      settings.reload();
    } catch (x) {
      setErrors(x instanceof ApiError && x.problem.errors?.length ? x.problem.errors : [{ pointer: '', message: explainProblem(x) }]);
    }
  };

  return (
    <form className="card" aria-label="tenant settings" onSubmit={save}>
      <h2>Settings</h2>
      <div className="form-row">
        <label>
          Time zone
          <input value={timezone} onChange={(e) => setTimezone(e.target.value)} disabled={!mayManage} placeholder="Europe/Paris" />
        </label>
        <label>
          Keep events (days)
          <input type="number" min={1} value={retention} onChange={(e) => setRetention(e.target.value)} disabled={!mayManage} />
        </label>
        <label>
          Keep finished reports (days; 0: until deleted)
          <input type="number" min={0} value={reportRetention} onChange={(e) => setReportRetention(e.target.value)} disabled={!mayManage} />
        </label>
        <label>
          Alert on a Wazuh agent disconnected for
          <input value={disconnected} onChange={(e) => setDisconnected(e.target.value)} disabled={!mayManage} placeholder="1h" />
        </label>
      </div>
      <label>
        Longest silence per source (JSON, e.g. {'{"syslog-sshd": "1h", "*": "1d"}'})
        <textarea aria-label="source silence" rows={4} value={silence} onChange={(e) => setSilence(e.target.value)} disabled={!mayManage} spellCheck={false} />
      </label>
      {errors.length > 0 && (
        <ul className="error-text" role="alert" aria-label="problems">
          {errors.map((x) => (
            <li key={x.pointer + x.message}>
              {x.pointer && <code>{x.pointer}</code>} {x.message}
            </li>
          ))}
        </ul>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {mayManage && <button type="submit">Save settings</button>}
    </form>
  );
}

function AuditTrail() {
  const [filters, setFilters] = useState<AuditFilters>({});
  const [applied, setApplied] = useState<AuditFilters>({});
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);

  const load = async (f: AuditFilters, from: string | null, append: boolean) => {
    setProblem(null);
    try {
      const page = await listAudit(f, from);
      setItems((prev) => (append ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (x) {
      setProblem(explainProblem(x));
    }
  };
  useEffect(() => {
    load(applied, null, false);
  }, [applied]);

  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit trail</h2>
      <form
        className="form-row"
        aria-label="audit filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ ...filters });
        }}
      >
        {AUDIT_FILTERS.map((k) => (
          <label key={k}>
            {k}
            <input
              type={k === 'from' || k === 'to' ? 'datetime-local' : 'text'}
              value={filters[k] ?? ''}
              onChange={(e) => setFilters({ ...filters, [k]: e.target.value })}
              placeholder={k === 'action' ? 'integration.create' : k === 'outcome' ? 'success' : ''}
            />
          </label>
        ))}
        <button type="submit">Filter</button>
        <button
          type="button"
          onClick={() =>
            verifyAudit()
              .then(setVerification)
              .catch((x) => setProblem(explainProblem(x)))
          }
        >
          Verify the chain
        </button>
      </form>
      {verification && (
        <p className={verification.valid ? 'ok-text' : 'error-text'} role="status" aria-label="verification">
          {verification.valid
            ? `The chain is intact: ${verification.checked} records checked.`
            : `The chain is broken at record ${verification.firstBrokenId}: ${verification.reason}`}
        </p>
      )}
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      <div className="table-wrap">
        <table aria-label="audit trail">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Target</th>
              <th>Outcome</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id} data-audit={a.id}>
                <td className="nowrap">{formatTime(a.at)}</td>
                <td>{a.actor}</td>
                <td>
                  <code>{a.action}</code>
                </td>
                <td>{a.target}</td>
                <td>{a.outcome}</td>
                <td className="small">
                  <code>{JSON.stringify(a.details)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {cursor && (
        <button type="button" onClick={() => load(applied, cursor, true)}>
          Load more
        </button>
      )}
    </section>
  );
}
