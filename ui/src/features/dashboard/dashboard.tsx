import { Link } from 'react-router-dom';
import { api, SEVERITIES, type Approval, type Page, type RunSummary, type Severity } from '../../lib/api-client';
import { duration } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { ErrorState, Loading } from '../../components/states';
import { useSession } from '../auth/session';
import { breachesSeries, failureRate, meanTimeToDecision, runsByDay } from './stats';

const COLORS: Record<string, string> = {
  succeeded: '#2f855a',
  failed: '#c53030',
  rolled_back: '#b7791f',
  cancelled: '#718096',
  running: '#2b6cb0',
  waiting_approval: '#6b46c1',
  interrupted: '#9b2c2c',
};

const SEVERITY_COLORS: Record<Severity, string> = {
  critical: '#b42318',
  high: '#dd6b20',
  medium: '#d69e2e',
  low: '#3182ce',
  info: '#a0aec0',
};

/** GET /api/v1/incidents/metrics: the parts the dashboard reads. */
interface IncidentMetrics {
  mttaMillis: number | null;
  mttrMillis: number | null;
  openBySeverity: Partial<Record<Severity, number>>;
  breachesByDay: { day: string; breaches: number }[];
  open: number;
  breachedOpen: number;
}

const INCIDENT_DAYS = 30;

export function Dashboard() {
  const since = new Date(Date.now() - 14 * 86400_000).toISOString();
  const data = useLoad(async () => {
    const [pending, approved, rejected, runs] = await Promise.all([
      api.get<Page<Approval>>('/api/v1/approvals?status=pending&limit=200'),
      api.get<Page<Approval & { decidedAt?: string }>>('/api/v1/approvals?status=approved&limit=200'),
      api.get<Page<Approval & { decidedAt?: string }>>('/api/v1/approvals?status=rejected&limit=200'),
      api.get<Page<RunSummary>>(`/api/v1/runs?from=${encodeURIComponent(since)}&limit=200`),
    ]);
    return { pending, decided: [...approved.items, ...rejected.items], runs: runs.items, more: !!runs.nextCursor };
  }, []);
  if (data.loading && !data.data) return <Loading what="dashboard" />;
  if (data.error) return <ErrorState error={data.error} retry={data.reload} />;
  const d = data.data!;
  const days = runsByDay(d.runs, 14, new Date());
  const max = Math.max(1, ...days.map((r) => Object.values(r.counts).reduce((s, x) => s + x, 0)));
  const rate = failureRate(d.runs);
  const mttd = meanTimeToDecision(d.decided);
  return (
    <section>
      <header className="page-head">
        <h1>Dashboard</h1>
      </header>
      <div className="tiles">
        <Link to="/approvals" className="tile">
          <span className="tile-value">{d.pending.items.length}</span>
          <span>pending approvals</span>
        </Link>
        <div className="tile">
          <span className="tile-value">{d.runs.length}{d.more ? '+' : ''}</span>
          <span>runs in 14 days</span>
        </div>
        <div className="tile">
          <span className="tile-value">{rate === null ? '—' : `${Math.round(rate * 100)}%`}</span>
          <span>failure rate</span>
        </div>
        <div className="tile">
          <span className="tile-value">{mttd === null ? '—' : duration(mttd)}</span>
          <span>mean time to decision</span>
        </div>
      </div>
      <IncidentFigures />
      <h2>Runs by status, last 14 days</h2>
      <svg className="chart" viewBox={`0 0 ${days.length * 40} 160`} role="img" aria-label="runs by status per day">
        {days.map((row, i) => {
          let y = 140;
          return (
            <g key={row.day}>
              {Object.entries(row.counts).map(([status, n]) => {
                const h = (n / max) * 120;
                y -= h;
                return (
                  <rect key={status} x={i * 40 + 8} y={y} width={24} height={h} fill={COLORS[status] ?? '#a0aec0'}>
                    <title>
                      {row.day}: {n} {status}
                    </title>
                  </rect>
                );
              })}
              <text x={i * 40 + 20} y={155} fontSize="9" textAnchor="middle">
                {row.day.slice(5)}
              </text>
            </g>
          );
        })}
      </svg>
      <ul className="legend">
        {Object.entries(COLORS).map(([s, c]) => (
          <li key={s}>
            <span style={{ background: c }} /> {s.replace('_', ' ')}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** MTTA, MTTR, open incidents by severity and SLA breaches per day, over the last 30 days. */
function IncidentFigures() {
  const { can } = useSession();
  const m = useLoad(
    () => (can('incident.read') ? api.get<IncidentMetrics>(`/api/v1/incidents/metrics?days=${INCIDENT_DAYS}`) : Promise.resolve(null)),
    [],
  );
  if (!can('incident.read')) return null;
  if (m.loading && !m.data) return <Loading what="incident figures" />;
  if (m.error) return <ErrorState error={m.error} retry={m.reload} />;
  const d = m.data;
  if (!d) return null;
  const days = breachesSeries(d.breachesByDay, INCIDENT_DAYS, new Date());
  const maxBreaches = Math.max(1, ...days.map((x) => x.breaches));
  const bySeverity = [...SEVERITIES].reverse().map((s) => ({ severity: s, n: d.openBySeverity[s] ?? 0 }));
  const maxOpen = Math.max(1, ...bySeverity.map((x) => x.n));
  return (
    <section aria-labelledby="incident-figures">
      <h2 id="incident-figures">Incidents, last {INCIDENT_DAYS} days</h2>
      <div className="tiles">
        <div className="tile">
          <span className="tile-value" data-testid="mtta">{d.mttaMillis == null ? '—' : duration(d.mttaMillis)}</span>
          <span>mean time to acknowledge (MTTA)</span>
        </div>
        <div className="tile">
          <span className="tile-value" data-testid="mttr">{d.mttrMillis == null ? '—' : duration(d.mttrMillis)}</span>
          <span>mean time to resolve (MTTR)</span>
        </div>
        <Link to="/incidents" className="tile">
          <span className="tile-value">{d.open}</span>
          <span>open incidents</span>
        </Link>
        <Link to="/incidents?breached=true" className="tile">
          <span className={`tile-value${d.breachedOpen ? ' error-text' : ''}`}>{d.breachedOpen}</span>
          <span>open with a breached SLA</span>
        </Link>
      </div>
      <div className="figures">
        <div>
          <h3>Open incidents by severity</h3>
          <ul className="hbars" aria-label="open incidents by severity">
            {bySeverity.map(({ severity, n }) => (
              <li key={severity}>
                <Link to={`/incidents?severity=${severity}`} className="hbar-label">
                  {severity}
                </Link>
                <span className="hbar-track">
                  <span className="hbar" style={{ width: `${(n / maxOpen) * 100}%`, background: SEVERITY_COLORS[severity] }} />
                </span>
                <span className="hbar-value">{n}</span>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>SLA breaches per day</h3>
          <svg className="chart" viewBox={`0 0 ${days.length * 20} 120`} role="img" aria-label="SLA breaches per day">
            {days.map((row, i) => {
              const h = (row.breaches / maxBreaches) * 90;
              return (
                <g key={row.day}>
                  <rect x={i * 20 + 4} y={100 - h} width={12} height={h} fill="#b42318">
                    <title>
                      {row.day}: {row.breaches} breach{row.breaches === 1 ? '' : 'es'}
                    </title>
                  </rect>
                  {i % 5 === 0 && (
                    <text x={i * 20 + 10} y={115} fontSize="8" textAnchor="middle">
                      {row.day.slice(5)}
                    </text>
                  )}
                </g>
              );
            })}
            <line x1="0" x2={days.length * 20} y1="100" y2="100" stroke="#dde2ea" />
          </svg>
        </div>
      </div>
    </section>
  );
}
