import { formatBytes } from '../../files/api/files';
import { LIMITS, type Entitlements, type Limit } from '../api/tenant';
import { MODULES, unlockedBy } from '../api/billing';

const show = (limit: Limit, n: number) => (limit === 'fileStorageBytes' ? formatBytes(n) : n.toLocaleString('en'));

/** The tenant's plan: each limit with its usage, and the modules — locked ones with the plan that unlocks them. */
export function PlanUsage({ entitlements }: { entitlements: Entitlements }) {
  const { title, plan, limits, usage, modules, billing } = entitlements;
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
              <tr key={key} data-limit={key} className={max != null && used >= max ? 'at-limit' : undefined}>
                <td>{label}</td>
                <td>
                  {show(key, used)}
                  {max != null && max > 0 && <meter aria-label={`${label} used`} min={0} max={max} high={max * 0.8} value={Math.min(used, max)} />}
                </td>
                <td>{max == null ? 'unlimited' : show(key, max)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p aria-label="modules">Modules: {modules.length ? modules.join(', ') : 'none'}</p>
      <ul aria-label="locked modules" className="plain">
        {MODULES.filter(([m]) => !modules.includes(m)).map(([m, label]) => {
          const by = unlockedBy(entitlements, m);
          return (
            <li key={m} data-module={m}>
              <span aria-hidden="true">🔒</span> {label}: not in the {title} plan{by ? ` — the ${by.title} plan includes it` : ''}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
