import { formatBytes } from '../../files/api/files';
import { useLoad } from '../../../lib/use-load';
import { ErrorState, Loading } from '../../../components/states';
import { getEntitlements, LIMITS, type Limit } from '../api/tenant';

const show = (limit: Limit, n: number) => (limit === 'fileStorageBytes' ? formatBytes(n) : n.toLocaleString('en'));

/** Settings › Tenant: the tenant's plan, each limit with its usage, and the modules it enables. */
export function PlanUsage() {
  const e = useLoad(getEntitlements, []);
  if (e.loading && !e.data) return <Loading what="plan" />;
  if (e.error) return <ErrorState error={e.error} retry={e.reload} />;
  if (!e.data) return null;
  const { title, plan, limits, usage, modules, billing } = e.data;
  return (
    <section className="card" aria-labelledby="plan-title">
      <h2 id="plan-title">
        Plan: {title} <span className="muted">({plan})</span>
      </h2>
      {!billing && <p className="muted">Set by this installation's operator (VIGIL_BILLING_PLAN).</p>}
      <table aria-label="plan limits">
        <thead>
          <tr>
            <th>Limit</th>
            <th>Used</th>
            <th>Of</th>
          </tr>
        </thead>
        <tbody>
          {LIMITS.map(([key, label]) => {
            const max = limits[key];
            const used = usage[key] ?? 0;
            return (
              <tr key={key} data-limit={key}>
                <td>{label}</td>
                <td>
                  {show(key, used)}
                  {max != null && max > 0 && <meter aria-label={`${label} used`} min={0} max={max} value={Math.min(used, max)} />}
                </td>
                <td>{max == null ? 'unlimited' : show(key, max)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p aria-label="modules">Modules: {modules.length ? modules.join(', ') : 'none'}</p>
    </section>
  );
}
