import { formatTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { Empty, ErrorState, Loading } from '../../../components/states';
import { scaChecks } from '../api/wazuh';

/** The failed checks of one SCA policy, read live from the manager, with what to do about each. */
export function ScaChecks({ connection, agentId, policy }: { connection: string; agentId: string; policy: string }) {
  const checks = useLoad(() => scaChecks(connection, agentId, policy), [connection, agentId, policy]);
  return (
    <div className="card" aria-label={`failed checks of ${policy}`}>
      <h3>Failed checks of {policy}</h3>
      {checks.loading && !checks.data && <Loading what="checks (asking the manager)" />}
      {checks.error ? <ErrorState error={checks.error} retry={checks.reload} /> : null}
      {checks.data && (
        <p className="muted small">
          Read from the manager {formatTime(checks.data.fetchedAt)}: {checks.data.items.length} of {checks.data.total}
          {checks.data.truncated ? ' (more than shown)' : ''}.
        </p>
      )}
      {checks.data && checks.data.items.length === 0 && <Empty>No failed check.</Empty>}
      {checks.data?.items.map((c) => (
        <article key={c.id} className="check" data-check={c.id}>
          <h4>
            {c.id} · {c.title}
          </h4>
          {c.rationale && (
            <p>
              <strong>Why:</strong> {c.rationale}
            </p>
          )}
          {c.remediation && (
            <p>
              <strong>Remediation:</strong> {c.remediation}
            </p>
          )}
          {c.compliance && c.compliance.length > 0 && (
            <p className="muted small">{c.compliance.map((x) => `${x.key} ${x.value}`).join(' · ')}</p>
          )}
        </article>
      ))}
    </div>
  );
}
