import { Link } from 'react-router-dom';
import { api, type Approval, type Page, type RunSummary } from '../../lib/api-client';
import { duration } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { ErrorState, Loading } from '../../components/states';
import { failureRate, meanTimeToDecision, runsByDay } from './stats';

const COLORS: Record<string, string> = {
  succeeded: '#2f855a',
  failed: '#c53030',
  rolled_back: '#b7791f',
  cancelled: '#718096',
  running: '#2b6cb0',
  waiting_approval: '#6b46c1',
  interrupted: '#9b2c2c',
};

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
