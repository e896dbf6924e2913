import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { fakeApi } from '../../../test/fake-api';
import { auditQuery } from '../api/tenant';
import { TenantPage } from './tenant-page';

const session = vi.hoisted(() => ({ permissions: [] as string[] }));
vi.mock('../../auth/session', () => ({
  useSession: () => ({ can: (p: string) => session.permissions.includes(p), me: { user: 'adm' } }),
}));

const settings = { timezone: 'UTC', retentionDays: 30, sourceSilence: { '*': '1d' }, agentDisconnectedAfter: '1h', reportRetentionDays: 90 };
const entry = (id: number, action: string) => ({
  id,
  at: '2026-12-01T10:00:00Z',
  actor: 'adm',
  action,
  target: 'integration/wazuh-prod',
  outcome: 'success',
  details: { provider: 'wazuh' },
});

const show = () =>
  render(
    <MemoryRouter>
      <TenantPage />
    </MemoryRouter>,
  );

afterEach(() => vi.unstubAllGlobals());

test('an admin changes the settings; a refused value is shown at its field', async () => {
  session.permissions = ['settings.read', 'settings.manage'];
  let n = 0;
  const api = fakeApi({
    'GET /api/v1/settings': { body: settings },
    'PATCH /api/v1/settings': () =>
      ++n === 1
        ? { status: 422, body: { type: 'https://vigil.dev/problems/validation', errors: [{ pointer: '/timezone', message: 'is not a time zone' }] } }
        : { body: { ...settings, timezone: 'Europe/Paris', retentionDays: 90 } },
  });
  show();
  const form = await screen.findByRole('form', { name: 'tenant settings' });
  await vi.waitFor(() => expect((within(form).getByLabelText('Time zone') as HTMLInputElement).value).toBe('UTC'));
  fireEvent.change(within(form).getByLabelText('Time zone'), { target: { value: 'Mars/Base' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Save settings' }));
  expect((await within(form).findByRole('alert', { name: 'problems' })).textContent).toContain('/timezone is not a time zone');
  fireEvent.change(within(form).getByLabelText('Time zone'), { target: { value: 'Europe/Paris' } });
  fireEvent.change(within(form).getByLabelText('Keep events (days)'), { target: { value: '90' } });
  fireEvent.change(within(form).getByLabelText('Alert on a Wazuh agent disconnected for'), { target: { value: '4h' } });
  expect((within(form).getByLabelText(/Keep finished reports/) as HTMLInputElement).value).toBe('90');
  fireEvent.change(within(form).getByLabelText(/Keep finished reports/), { target: { value: '365' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Save settings' }));
  await screen.findByText('Settings saved.');
  const patches = api.calls.filter((c) => c.method === 'PATCH').map((c) => c.body);
  expect(patches[1]).toEqual({ timezone: 'Europe/Paris', retentionDays: 90, sourceSilence: { '*': '1d' }, agentDisconnectedAfter: '4h', reportRetentionDays: 365 });
  expect(screen.queryByRole('table', { name: 'audit trail' })).toBeNull();
});

test('an auditor filters the trail, pages on and verifies the chain', async () => {
  session.permissions = ['settings.read', 'audit.read'];
  const api = fakeApi({
    'GET /api/v1/settings': { body: settings },
    'GET /api/v1/audit/verify': { body: { valid: true, checked: 42, firstBrokenId: null, reason: null } },
    'GET /api/v1/audit?action=integration.create&limit=50&cursor=c1': { body: { items: [entry(1, 'integration.create')], nextCursor: null } },
    'GET /api/v1/audit?action=integration.create&limit=50': { body: { items: [entry(2, 'integration.create')], nextCursor: 'c1' } },
    'GET /api/v1/audit?limit=50': { body: { items: [entry(3, 'settings.change')], nextCursor: null } },
  });
  show();
  const table = await screen.findByRole('table', { name: 'audit trail' });
  await within(table).findByText('settings.change');
  expect((within(screen.getByRole('form', { name: 'tenant settings' })).getByLabelText('Time zone') as HTMLInputElement).disabled).toBe(true);
  const filters = screen.getByRole('form', { name: 'audit filters' });
  fireEvent.change(within(filters).getByLabelText('action'), { target: { value: 'integration.create' } });
  fireEvent.click(within(filters).getByRole('button', { name: 'Filter' }));
  await vi.waitFor(() => expect(table.querySelector('[data-audit="2"]')).not.toBeNull());
  fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
  await vi.waitFor(() => expect(table.querySelector('[data-audit="1"]')).not.toBeNull());
  expect(table.querySelector('[data-audit="2"]')).not.toBeNull();
  fireEvent.click(within(filters).getByRole('button', { name: 'Verify the chain' }));
  expect((await screen.findByRole('status', { name: 'verification' })).textContent).toBe('The chain is intact: 42 records checked.');
  expect(api.calls.map((c) => c.path)).toContain('/api/v1/audit?action=integration.create&limit=50&cursor=c1');
});

test('the trail query carries only the filters that are set, times in UTC', () => {
  expect(auditQuery({ action: ' x ', actor: '' })).toBe('action=x&limit=50');
  expect(auditQuery({ from: '2026-12-01T10:00Z' }, 'c')).toBe(`from=${encodeURIComponent('2026-12-01T10:00:00.000Z')}&limit=50&cursor=c`);
});
