import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { fakeApi } from '../../../test/fake-api';
import { browser } from '../api/billing';
import { BillingPage } from './billing-page';

const session = vi.hoisted(() => ({ permissions: [] as string[] }));
vi.mock('../../auth/session', () => ({
  useSession: () => ({ can: (p: string) => session.permissions.includes(p), me: { user: 'own' } }),
}));

const FREE = { members: 3, wazuhAgents: 5, scansPerDay: 2, concurrentScans: 1, runsPerMonth: 500, eventsPerDay: null, eventRetentionDays: 7, fileStorageBytes: 1073741824 };
const plans = [
  { name: 'free', title: 'Free', sold: false, limits: FREE, modules: ['downloads'] },
  { name: 'basic', title: 'Basic', sold: true, limits: { ...FREE, members: 10 }, modules: ['wazuh', 'scans', 'downloads'] },
  { name: 'pro', title: 'Pro', sold: true, limits: { ...FREE, members: 50 }, modules: ['wazuh', 'scans', 'downloads', 'ai', 'advanced_playbooks'] },
  { name: 'unlimited', title: 'Self-hosted', sold: false, limits: {}, modules: ['wazuh', 'scans', 'downloads', 'ai', 'advanced_playbooks'] },
];
const entitlements = (over: Record<string, unknown> = {}) => ({
  plan: 'free',
  title: 'Free',
  status: 'active',
  billing: false,
  limits: FREE,
  modules: ['downloads'],
  usage: { members: 3, wazuhAgents: 0, scansPerDay: 1, concurrentScans: 0, runsPerMonth: 17, eventsPerDay: 123456, eventRetentionDays: 30, fileStorageBytes: 5242880 },
  graceUntil: null,
  plans,
  ...over,
});

const show = (path = '/settings/billing') =>
  render(
    <MemoryRouter initialEntries={[path]}>
      <BillingPage />
    </MemoryRouter>,
  );

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

test('the plan shows each limit with its usage, unlimited ones as such, and locked modules with what unlocks them', async () => {
  session.permissions = ['settings.read'];
  fakeApi({ 'GET /api/v1/entitlements': { body: entitlements() } });
  show();
  const table = await screen.findByRole('table', { name: 'plan limits' });
  expect(screen.getByRole('heading', { name: /Plan: Free/ })).toBeTruthy();
  const row = (k: string) => table.querySelector(`[data-limit="${k}"]`)!;
  expect(row('members').textContent).toBe('Members33');
  expect(row('members').className).toBe('at-limit');
  expect(row('eventsPerDay').textContent).toBe('Events today123,456unlimited');
  expect(row('fileStorageBytes').textContent).toContain('5.0 MiB');
  expect(row('fileStorageBytes').textContent).toContain('1.0 GiB');
  expect((within(table).getByLabelText('Members used') as HTMLMeterElement).value).toBe(3);
  expect(within(table).queryByLabelText('Events today used')).toBeNull();
  expect(screen.getByLabelText('modules').textContent).toBe('Modules: downloads');
  const locked = screen.getByRole('list', { name: 'locked modules' });
  expect(locked.querySelector('[data-module="scans"]')!.textContent).toContain('Network scans: not in the Free plan — the Basic plan includes it');
  expect(locked.querySelector('[data-module="ai"]')!.textContent).toContain('the Pro plan includes it');
  expect(locked.querySelector('[data-module="downloads"]')).toBeNull();
  expect(screen.queryByRole('heading', { name: 'Change plan' })).toBeNull(); // billing is off
});

test('an owner upgrades through Checkout, opens the portal and reads the invoices', async () => {
  session.permissions = ['settings.read', 'billing.manage'];
  const go = vi.spyOn(browser, 'go').mockImplementation(() => {});
  const api = fakeApi({
    'GET /api/v1/entitlements': { body: entitlements({ billing: true }) },
    'GET /api/v1/billing/invoices': {
      body: {
        items: [
          { id: 'in_1', number: 'VIGIL-0001', status: 'paid', amountDue: 4900, amountPaid: 4900, currency: 'eur', created: '2026-11-01T00:00:00Z', hostedUrl: 'https://invoice.stripe.com/i/in_1', pdfUrl: 'https://pay.stripe.com/invoice/in_1/pdf' },
        ],
      },
    },
    'POST /api/v1/billing/checkout-session': { body: { url: 'https://checkout.stripe.com/c/pay/cs_1' } },
    'POST /api/v1/billing/portal-session': { body: { url: 'https://billing.stripe.com/p/session/bps_1' } },
  });
  const first = show();
  const offers = await screen.findByRole('list', { name: 'plans' });
  expect(within(offers).queryByText(/Free/)).toBeNull(); // not sold
  fireEvent.click(within(offers).getByRole('button', { name: 'Upgrade to Pro' }));
  await vi.waitFor(() => expect(go).toHaveBeenCalledWith('https://checkout.stripe.com/c/pay/cs_1'));
  expect(api.posts()[0]).toMatchObject({ path: '/api/v1/billing/checkout-session', body: { plan: 'pro' } });
  expect(within(offers).getByRole('button', { name: 'Upgrade to Basic' })).toHaveProperty('disabled', true); // on its way to Stripe
  first.unmount();
  show();
  fireEvent.click(await screen.findByRole('button', { name: 'Manage payment and subscription' }));
  await vi.waitFor(() => expect(go).toHaveBeenCalledWith('https://billing.stripe.com/p/session/bps_1'));
  const invoices = await screen.findByRole('table', { name: 'invoices' });
  expect(invoices.textContent).toContain('VIGIL-0001');
  expect(invoices.textContent).toContain('€49.00');
  expect(within(invoices).getByRole('link', { name: 'PDF' }).getAttribute('href')).toBe('https://pay.stripe.com/invoice/in_1/pdf');
});

test('a refused checkout is explained; the page says when checkout came back; a grace period is shown', async () => {
  session.permissions = ['settings.read', 'billing.manage'];
  fakeApi({
    'GET /api/v1/entitlements': { body: entitlements({ billing: true, plan: 'basic', title: 'Basic', status: 'past_due', graceUntil: '2026-12-08T10:00:00Z' }) },
    'GET /api/v1/billing/invoices': { body: { items: [] } },
    'POST /api/v1/billing/checkout-session': { status: 502, body: { type: 'https://vigil.dev/problems/upstream-failed', status: 502, detail: "creating the Checkout session failed at Stripe; the server log has Stripe's answer" } },
  });
  show('/settings/billing?checkout=success');
  expect((await screen.findByRole('status')).textContent).toContain('Checkout complete');
  expect((await screen.findByRole('alert', { name: 'grace period' })).textContent).toContain('the tenant moves to the free plan');
  expect(screen.getByText('(your plan)').closest('li')!.getAttribute('data-plan')).toBe('basic');
  fireEvent.click(screen.getByRole('button', { name: 'Upgrade to Pro' }));
  const plansCard = screen.getByRole('heading', { name: 'Change plan' }).closest('section')!;
  expect((await within(plansCard).findByRole('alert')).textContent).toBe("Creating the Checkout session failed at Stripe; the server log has Stripe's answer.");
  expect(await screen.findByText('No invoices yet.')).toBeTruthy();
});

test('members without billing.manage see the plan but cannot change it', async () => {
  session.permissions = ['settings.read'];
  fakeApi({ 'GET /api/v1/entitlements': { body: entitlements({ billing: true }) } });
  show();
  expect(await screen.findByText('Owners and billing admins change the plan and the payment method.')).toBeTruthy();
  expect(screen.queryByRole('button')).toBeNull();
});
