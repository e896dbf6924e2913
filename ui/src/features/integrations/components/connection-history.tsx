import { useState } from 'react';
import { explainProblem } from '../../../lib/problems';
import { formatTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { ErrorState, Loading } from '../../../components/states';
import { configChanges, connectionVersions, restoreVersion, type Connection } from '../api/integrations';

/** A connection's versions, each with what it changed from the one before; restore an old one. */
export function ConnectionHistory({ connection, mayManage, onRestored }: { connection: Connection; mayManage: boolean; onRestored: (c: Connection) => void }) {
  const { data, error, loading, reload } = useLoad(() => connectionVersions(connection.name), [connection.name, connection.version]);
  const [problem, setProblem] = useState<string | null>(null);
  if (loading && !data) return <Loading what="history" />;
  if (error) return <ErrorState error={error} retry={reload} />;
  const versions = data ?? [];
  return (
    <section aria-label={`history of ${connection.name}`}>
      <h3>History</h3>
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      <ol className="timeline" reversed>
        {versions.map((v, i) => {
          const previous = versions[i + 1];
          const changes = previous ? configChanges(previous.config, v.config) : [];
          return (
            <li key={v.version} data-version={v.version}>
              <strong>v{v.version}</strong> {v.change} by {v.changedBy} · <span className="muted">{formatTime(v.changedAt)}</span>
              {changes.length > 0 && (
                <ul className="small" aria-label={`changes in v${v.version}`}>
                  {changes.map((c) => (
                    <li key={c.key}>
                      <code>{c.key}</code> {c.op}
                      {c.op !== 'added' && <span className="diff-del"> {JSON.stringify(c.before)}</span>}
                      {c.op !== 'removed' && <span className="diff-add"> {JSON.stringify(c.after)}</span>}
                    </li>
                  ))}
                </ul>
              )}
              {v.change === 'secrets' && <span className="muted small"> secrets: {v.secrets.join(', ')}</span>}
              {mayManage && v.version !== connection.version && (
                <button
                  type="button"
                  className="small"
                  onClick={() =>
                    restoreVersion(connection.name, v.version)
                      .then(onRestored)
                      .catch((x) => setProblem(explainProblem(x)))
                  }
                >
                  Restore v{v.version}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
