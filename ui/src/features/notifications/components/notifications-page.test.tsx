import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { fakeApi } from '../../../test/fake-api';
import { NotificationsPage } from './notifications-page';

const session = vi.hoisted(() => ({ permissions: [] as string[] }));
vi.mock('../../auth/session', () => ({
  useSession: () => ({ can: (p: string) => session.permissions.includes(p), me: { user: 'adm' } }),
}));

const connection = (name: string, provider: string, extra = {}) => ({
  name,
  provider,
  config: {},
  secrets: [],
  version: 1,
  createdBy: 'adm',
  createdAt: '2026-12-01T10:00:00Z',
  updatedBy: 'adm',
  updatedAt: '2026-12-01T10:00:00Z',
  warnings: [],
  ...extra,
});

const route = {
  name: 'soc-approvals',
  events: ['approval.opened', 'incident.opened'],
  severities: ['high', 'critical'],
  channel: { connection: 'slack', provider: 'slack', target: '#soc' },
  enabled: true,
  createdBy: 'adm',
  createdAt: '2026-12-01T10:00:00Z',
  updatedBy: 'adm',
  updatedAt: '2026-12-01T10:00:00Z',
};

afterEach(() => vi.unstubAllGlobals());

const show = () =>
  render(
    <MemoryRouter>
      <NotificationsPage />
    </MemoryRouter>,
  );

test('an admin sees the channels and routes, adds a route to an e-mail list and sees what was delivered', async () => {
  session.permissions = ['settings.read', 'settings.manage', 'integration.read'];
  const api = fakeApi({
    'GET /api/v1/notification-routes': { body: { items: [route] } },
    'POST /api/v1/notification-routes': { status: 201, body: { ...route, name: 'mail-incidents' } },
    'PATCH /api/v1/notification-routes/soc-approvals': { body: { ...route, enabled: false } },
    'GET /api/v1/notification-deliveries': {
      body: {
        items: [
          { key: 'approval.opened/r1/contain', route: 'soc-approvals', event: 'approval.opened', connection: 'slack', provider: 'slack', target: '#soc', status: 'sent', error: null, attempts: 1, at: '2026-12-01T10:01:00Z' },
          { key: 'incident.opened/i1', route: 'pager', event: 'incident.opened', connection: 'pd', provider: 'pagerduty', target: null, status: 'failed', error: 'PagerDuty answered HTTP 400', attempts: 1, at: '2026-12-01T10:02:00Z' },
        ],
      },
    },
    'GET /api/v1/integrations': {
      body: [
        connection('wazuh', 'wazuh'),
        connection('slack', 'slack', { interactionsUrl: 'https://vigil.example.com/api/v1/slack/interactions/abc' }),
        connection('mail', 'smtp'),
      ],
    },
  });
  show();
  const channels = await screen.findByRole('list', { name: 'channels' });
  expect(within(channels).getAllByRole('listitem').map((li) => li.getAttribute('data-channel'))).toEqual(['slack', 'mail']);
  expect(channels.textContent).toContain('https://vigil.example.com/api/v1/slack/interactions/abc');
  const row = (await screen.findByRole('table', { name: 'routes' })).querySelector('[data-route="soc-approvals"]') as HTMLElement;
  expect(row.textContent).toContain('Approval opened, Incident opened — high, critical only');
  fireEvent.click(within(row).getByRole('button', { name: 'Turn off' }));
  await screen.findByText('Route soc-approvals is off.');
  expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ enabled: false });

  const form = screen.getByRole('form', { name: 'add a route' });
  fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'mail-incidents' } });
  fireEvent.change(within(form).getByLabelText('Channel'), { target: { value: 'mail' } });
  fireEvent.change(within(form).getByLabelText('Recipients'), { target: { value: 'soc@example.com' } });
  fireEvent.click(within(form).getByLabelText('Approval opened'));
  fireEvent.click(within(form).getByLabelText('Incident SLA breached'));
  fireEvent.click(within(form).getByLabelText('critical'));
  fireEvent.click(within(form).getByRole('button', { name: 'Add route' }));
  await screen.findByText('Route mail-incidents added.');
  expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({
    name: 'mail-incidents',
    events: ['incident.sla_breached'],
    severities: ['critical'],
    channel: { connection: 'mail', target: 'soc@example.com' },
  });

  const deliveries = screen.getByRole('table', { name: 'deliveries' });
  expect(deliveries.querySelector('[data-delivery="failed"]')?.textContent).toContain('failed: PagerDuty answered HTTP 400');
});

test('an analyst reads the routes but changes nothing and is told channels are not theirs to list', async () => {
  session.permissions = ['settings.read'];
  const api = fakeApi({
    'GET /api/v1/notification-routes': { body: { items: [route] } },
    'GET /api/v1/notification-deliveries': { body: { items: [] } },
  });
  show();
  await screen.findByRole('table', { name: 'routes' });
  expect(screen.queryByRole('form', { name: 'add a route' })).toBeNull();
  expect(screen.queryByRole('button', { name: 'Turn off' })).toBeNull();
  expect(screen.getByText('Channels are connections; your role cannot list them.')).toBeTruthy();
  expect(api.calls.some((c) => c.path.startsWith('/api/v1/integrations'))).toBe(false);
});
