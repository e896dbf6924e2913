import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../../lib/api-client';
import { useSession } from '../../auth/session';
import { formatTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { Empty, ErrorState, Loading, StatusBadge } from '../../../components/states';
import { agentSca, getAgent, keepAliveText, type Agent } from '../api/wazuh';
import { AgentAlerts, AgentFim } from './agent-activity';
import { ScaChecks } from './sca-checks';

/** One agent: what the sync last read of it, its alerts, SCA scores, file integrity, and the responses that need approval. */
export function AgentDetail() {
  const { connection = '', id = '' } = useParams();
  const agent = useLoad(() => getAgent(connection, id), [connection, id]);
  const sca = useLoad(() => agentSca(connection, id), [connection, id]);
  const [policy, setPolicy] = useState<string | null>(null);
  if (agent.error) return <ErrorState error={agent.error} retry={agent.reload} />;
  if (!agent.data) return <Loading what="agent" />;
  const a = agent.data;
  return (
    <section aria-labelledby="agent-title">
      <p>
        <Link to={`/wazuh/${encodeURIComponent(connection)}`}>← agents of {connection}</Link>
      </p>
      <header className="page-head">
        <h1 id="agent-title">
          Agent {a.id} {a.name ? `· ${a.name}` : ''}
        </h1>
        {a.status && <StatusBadge status={a.status} />}
      </header>
      <dl className="facts" aria-label="agent facts">
        <dt>IP</dt>
        <dd>{a.ip ?? '—'}</dd>
        <dt>Version</dt>
        <dd>{a.version ?? '—'}</dd>
        <dt>OS</dt>
        <dd>{[a.os.name, a.os.version, a.os.platform && `(${a.os.platform})`].filter(Boolean).join(' ') || '—'}</dd>
        <dt>Last keep-alive</dt>
        <dd>{keepAliveText(a.lastKeepAlive, formatTime)}</dd>
        <dt>Groups</dt>
        <dd>{a.groups.join(', ') || '—'}</dd>
        <dt>Read</dt>
        <dd>{formatTime(a.syncedAt)}</dd>
      </dl>
      <p>
        <Link to={`/events?q=${encodeURIComponent(a.name ?? a.id)}`}>All events of this agent</Link>
      </p>
      <AgentAlerts connection={connection} agentId={a.id} />
      <h2>Security configuration assessment</h2>
      {sca.error ? <ErrorState error={sca.error} retry={sca.reload} /> : null}
      {sca.data && sca.data.items.length === 0 && <Empty>No SCA results for this agent yet.</Empty>}
      {sca.data && sca.data.items.length > 0 && (
        <div className="table-wrap">
          <table aria-label="sca policies">
            <thead>
              <tr>
                <th>Policy</th>
                <th>Score</th>
                <th>Passed</th>
                <th>Failed</th>
                <th>Not applicable</th>
                <th>Scanned</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {sca.data.items.map((p) => (
                <tr key={p.policyId} data-policy={p.policyId}>
                  <td>
                    {p.name ?? p.policyId} <span className="muted small">{p.policyId}</span>
                  </td>
                  <td>{p.score === null ? '—' : `${p.score}%`}</td>
                  <td>{p.pass ?? '—'}</td>
                  <td>{p.fail ?? '—'}</td>
                  <td>{p.invalid ?? '—'}</td>
                  <td className="nowrap">{formatTime(p.endScan)}</td>
                  <td>
                    <button type="button" onClick={() => setPolicy(p.policyId)} disabled={!p.fail}>
                      Failed checks
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {policy && <ScaChecks connection={connection} agentId={a.id} policy={policy} />}
      <AgentFim connection={connection} agentId={a.id} />
      <Responses connection={connection} agent={a} />
    </section>
  );
}

/**
 * Restart and active response start the bundled approval playbooks — never a direct call: the
 * run waits for a second person's approval, then acts.
 */
function Responses({ connection, agent }: { connection: string; agent: Agent }) {
  const { can } = useSession();
  const [command, setCommand] = useState('firewall-drop');
  const [args, setArgs] = useState('');
  const [reason, setReason] = useState('');
  const [started, setStarted] = useState<{ runId: string; what: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (!can('run.start')) return null;
  const start = async (playbook: string, inputs: Record<string, unknown>, what: string) => {
    setProblem(null);
    try {
      const r = await api.post<{ runId: string }>('/api/v1/runs', { playbook, inputs });
      setStarted({ runId: r.runId, what });
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  const withReason = (i: Record<string, unknown>) => (reason.trim() ? { ...i, reason: reason.trim() } : i);
  return (
    <div className="card" aria-label="responses">
      <h2>Respond</h2>
      <p className="muted small">Each starts a playbook run that waits for another analyst's approval before it acts.</p>
      <label>
        Reason <input aria-label="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="buttons">
        <button
          type="button"
          onClick={() =>
            start('wazuh-restart-agent', withReason({ connection, agentId: agent.id, ...(agent.name ? { agentName: agent.name } : {}) }), 'restart')
          }
        >
          Restart agent
        </button>
      </div>
      <div className="form-row">
        <label>
          Command <input aria-label="active response command" value={command} onChange={(e) => setCommand(e.target.value)} />
        </label>
        <label>
          Arguments <input aria-label="active response arguments" value={args} onChange={(e) => setArgs(e.target.value)} placeholder="203.0.113.7" />
        </label>
        <button
          type="button"
          disabled={!command.trim()}
          onClick={() =>
            start(
              'wazuh-active-response',
              withReason({ connection, agents: [agent.id], command: command.trim(), arguments: args.split(/\s+/).filter(Boolean) }),
              `active response ${command.trim()}`,
            )
          }
        >
          Run active response
        </button>
      </div>
      {started && (
        <p role="status" aria-label="response started">
          The {started.what} waits for approval: <Link to={`/runs/${started.runId}`}>run {started.runId.slice(0, 8)}</Link>.
        </p>
      )}
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
