import { api } from '../../../lib/api-client';
import type { Entitlements, PlanOffer } from './tenant';

/** An invoice as Stripe has it (amounts in the currency's smallest unit). */
export interface Invoice {
  id: string;
  number: string | null;
  status: string;
  amountDue: number;
  amountPaid: number;
  currency: string;
  created: string | null;
  hostedUrl: string | null;
  pdfUrl: string | null;
}

export const MODULES = [
  ['wazuh', 'Wazuh'],
  ['scans', 'Network scans'],
  ['downloads', 'Downloads and reports'],
  ['ai', 'AI assistant'],
  ['advanced_playbooks', 'Your own playbooks'],
] as const;

export const startCheckout = (plan: string) => api.post<{ url: string }>('/api/v1/billing/checkout-session', { plan });
export const openPortal = () => api.post<{ url: string }>('/api/v1/billing/portal-session');
export const listInvoices = () => api.get<{ items: Invoice[] }>('/api/v1/billing/invoices');

/** Where the browser goes for Stripe's pages (a seam for tests: jsdom does not navigate). */
export const browser = { go: (url: string) => window.location.assign(url) };

/** The first plan, other than the tenant's, that includes `module` (a sold one when billing is on). */
export function unlockedBy(e: Entitlements, module: string): PlanOffer | undefined {
  return e.plans.find((p) => p.name !== e.plan && (!e.billing || p.sold) && p.modules.includes(module));
}

/** An amount in the currency's smallest unit (cents), e.g. `€49.00`. */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).format(amount / 100);
  } catch {
    return `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
}
