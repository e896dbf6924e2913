import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { explainProblem } from '../../../lib/problems';
import { formatTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { ErrorState, Loading } from '../../../components/states';
import { getEntitlements, type Entitlements } from '../api/tenant';
import { browser, formatMoney, listInvoices, openPortal, startCheckout } from '../api/billing';
import { PlanUsage } from './plan-usage';

/**
 * Settings › Billing: the plan, its limits with usage meters and locked modules; where billing is
 * on, owners and billing admins change the plan (Stripe Checkout), manage payment (Customer Portal)
 * and read invoices.
 */
export function BillingPage() {
  const { can } = useSession();
  const e = useLoad(getEntitlements, []);
  const [params] = useSearchParams();
  const checkout = params.get('checkout');
  return (
    <section aria-labelledby="billing-title">
      <header className="page-head">
        <h1 id="billing-title">Billing</h1>
      </header>
      {checkout === 'success' && (
        <p role="status" className="notice">
          Checkout complete. The new plan applies as soon as Stripe confirms the payment — usually within seconds.
        </p>
      )}
      {checkout === 'canceled' && (
        <p role="status" className="notice">
          Checkout cancelled: nothing changed.
        </p>
      )}
      {e.loading && !e.data && <Loading what="plan" />}
      {e.error != null && <ErrorState error={e.error} retry={e.reload} />}
      {e.data && (
        <>
          <Status entitlements={e.data} />
          <PlanUsage entitlements={e.data} />
          {e.data.billing && can('billing.manage') && (
            <>
              <Plans entitlements={e.data} />
              <Invoices />
            </>
          )}
          {e.data.billing && !can('billing.manage') && <p className="muted">Owners and billing admins change the plan and the payment method.</p>}
        </>
      )}
    </section>
  );
}

function Status({ entitlements: e }: { entitlements: Entitlements }) {
  if (e.graceUntil) {
    return (
      <p role="alert" className="notice" aria-label="grace period">
        A payment failed. The {e.title} plan is kept until {formatTime(e.graceUntil)}; after that the tenant moves to the free plan. Update
        the payment method to keep it.
      </p>
    );
  }
  if (e.billing && e.status === 'canceled') {
    return <p className="muted">No subscription: the tenant is on the {e.title} plan.</p>;
  }
  return null;
}

function Plans({ entitlements: e }: { entitlements: Entitlements }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const go = (what: string, call: () => Promise<{ url: string }>) => {
    setBusy(what);
    setError(null);
    call()
      .then((r) => browser.go(r.url))
      .catch((x) => {
        setError(explainProblem(x));
        setBusy(null);
      });
  };
  const current = e.plans.findIndex((p) => p.name === e.plan);
  return (
    <section className="card" aria-labelledby="plans-title">
      <h2 id="plans-title">Change plan</h2>
      <ul className="plain" aria-label="plans">
        {e.plans
          .filter((p) => p.sold)
          .map((p) => {
            const mine = p.name === e.plan;
            const up = e.plans.indexOf(p) > current;
            return (
              <li key={p.name} data-plan={p.name}>
                <strong>{p.title}</strong> — {p.modules.length ? p.modules.join(', ') : 'no modules'}
                {p.limits.members != null && `, up to ${p.limits.members} members`}{' '}
                {mine ? (
                  <span className="muted">(your plan)</span>
                ) : (
                  <button type="button" disabled={busy != null} onClick={() => go(p.name, () => startCheckout(p.name))}>
                    {busy === p.name ? 'Opening Checkout…' : `${up ? 'Upgrade' : 'Switch'} to ${p.title}`}
                  </button>
                )}
              </li>
            );
          })}
      </ul>
      <p>
        <button type="button" disabled={busy != null} onClick={() => go('portal', openPortal)}>
          {busy === 'portal' ? 'Opening…' : 'Manage payment and subscription'}
        </button>{' '}
        <span className="muted">in Stripe's Customer Portal: payment method, cancellation, billing details.</span>
      </p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </section>
  );
}

function Invoices() {
  const invoices = useLoad(listInvoices, []);
  return (
    <section className="card" aria-labelledby="invoices-title">
      <h2 id="invoices-title">Invoices</h2>
      {invoices.loading && !invoices.data && <Loading what="invoices" />}
      {invoices.error != null && <ErrorState error={invoices.error} retry={invoices.reload} />}
      {invoices.data && invoices.data.items.length === 0 && <p className="muted">No invoices yet.</p>}
      {invoices.data && invoices.data.items.length > 0 && (
        <table aria-label="invoices">
          <thead>
            <tr>
              <th>Number</th>
              <th>Date</th>
              <th>Amount</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {invoices.data.items.map((i) => (
              <tr key={i.id}>
                <td>{i.number ?? i.id}</td>
                <td>{formatTime(i.created)}</td>
                <td>{formatMoney(i.amountDue, i.currency)}</td>
                <td>{i.status}</td>
                <td>
                  {i.hostedUrl && (
                    <a href={i.hostedUrl} target="_blank" rel="noreferrer">
                      View
                    </a>
                  )}{' '}
                  {i.pdfUrl && (
                    <a href={i.pdfUrl} target="_blank" rel="noreferrer">
                      PDF
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
