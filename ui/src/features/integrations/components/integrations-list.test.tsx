import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { fakeApi } from '../../../test/fake-api';
import type { Connection, ConnectionVersion, Provider } from '../api/integrations';
import { IntegrationsList } from './integrations-list';

const session = vi.hoisted(() => ({ permissions: [] as string[] }));
vi.mock('../../auth/session', () => ({
  useSession: () => ({ can: (p: string) => session.permissions.includes(p), me: { user: 'adm' } }),
}));

const wazuh: Provider = {
  provider: 'wazuh',
  title: 'Wazuh manager',
  description: 'A Wazuh manager API.',
  config: { type: 'object', required: ['managerUrl'], properties: { managerUrl: { type: 'string' }, verifyTls: { type: 'boolean', default: true } } },
  secrets: [
    { name: 'username', required: true, description: 'API user' },
    { name: 'password', required: true, description: 'Its password' },
    { name: 'indexerPassword', required: false, description: null },
  ],
};

const prod: Connection = {
  name: 'wazuh-prod',
  provider: 'wazuh',
  config: { managerUrl: 'https://w2.example.com:55000', verifyTls: false },
  secrets: ['indexerPassword', 'password', 'username'],
  version: 2,
  createdBy: 'adm',
  createdAt: '2026-12-01T10:00:00Z',
  updatedBy: 'adm',
  updatedAt: '2026-12-01T11:00:00Z',
  warnings: ['TLS verification is off: the server\u2019s identity is not checked'],
};

const versions: ConnectionVersion[] = [
  { version: 2, config: prod.config, secrets: prod.secrets, change: 'updated', changedBy: 'adm', changedAt: '2026-12-01T11:00:00Z' },
  { version: 1, config: { managerUrl: 'https://w1.example.com:55000', verifyTls: true }, secrets: ['password', 'username'], change: 'created', changedBy: 'adm', changedAt: '2026-12-01T10:00:00Z' },
];

const show = () =>
  render(
    <MemoryRouter>
      <IntegrationsList />
    </MemoryRouter>,
  );

afterEach(() => vi.unstubAllGlobals());

test('an admin adds a Wazuh connection; the problems the server finds are shown at their fields', async () => {
  session.permissions = ['integration.read', 'integration.manage'];
  let attempt = 0;
  const api = fakeApi({
    'GET /api/v1/integrations/providers': { body: [wazuh] },
    'GET /api/v1/integrations': { body: [] },
    'POST /api/v1/integrations': () =>
      ++attempt === 1
        ? { status: 422, body: { type: 'https://vigil.dev/problems/validation', errors: [{ pointer: '/config/managerUrl', message: 'does not match the uri format' }] } }
        : { status: 201, body: { ...prod, version: 1, config: { managerUrl: 'https://w.example.com:55000', verifyTls: true }, warnings: [] } },
  });
  show();
  fireEvent.click(await screen.findByRole('button', { name: 'Add connection' }));
  const form = screen.getByRole('form', { name: 'new connection' });
  expect(JSON.parse((within(form).getByLabelText('configuration') as HTMLTextAreaElement).value)).toEqual({ managerUrl: '', verifyTls: true });
  fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'wazuh-prod' } });
  fireEvent.change(within(form).getByLabelText('secret username'), { target: { value: 'wazuh-wui' } });
  fireEvent.change(within(form).getByLabelText('secret password'), { target: { value: 'S3cret' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Add connection' }));
  expect((await within(form).findByRole('alert', { name: 'problems' })).textContent).toContain('/config/managerUrl does not match the uri format');

  fireEvent.change(within(form).getByLabelText('configuration'), { target: { value: '{"managerUrl": "https://w.example.com:55000"}' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Add connection' }));
  await screen.findByText('Added wazuh-prod (v1).');
  expect(api.posts()[1].body).toEqual({
    name: 'wazuh-prod',
    provider: 'wazuh',
    config: { managerUrl: 'https://w.example.com:55000' },
    secrets: { username: 'wazuh-wui', password: 'S3cret' },
  });
});

test('a change keeps the secrets left empty; the history shows what changed and restores a version', async () => {
  session.permissions = ['integration.read', 'integration.manage'];
  const api = fakeApi({
    'GET /api/v1/integrations/providers': { body: [wazuh] },
    'GET /api/v1/integrations/wazuh-prod/versions': { body: versions },
    'GET /api/v1/integrations': { body: [prod] },
    'PATCH /api/v1/integrations/wazuh-prod': { body: { ...prod, version: 3 } },
    'POST /api/v1/integrations/wazuh-prod/versions/1/restore': { body: { ...prod, version: 4 } },
  });
  show();
  const row = (await screen.findByRole('table', { name: 'connections' })).querySelector('[data-connection="wazuh-prod"]') as HTMLElement;
  expect(row.textContent).toContain('TLS verification is off');
  expect(row.textContent).toContain('indexerPassword, password, username');
  fireEvent.click(within(row).getByRole('button', { name: 'Change' }));
  const form = screen.getByRole('form', { name: 'edit wazuh-prod' });
  expect((within(form).getByLabelText('secret password') as HTMLInputElement).value).toBe('');
  expect((within(form).getByLabelText('secret password') as HTMLInputElement).placeholder).toBe('set — leave empty to keep');
  fireEvent.click(within(form).getByRole('button', { name: 'Remove indexerPassword' }));
  fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
  await screen.findByText('Saved wazuh-prod (v3).');
  const patch = api.calls.find((c) => c.method === 'PATCH')!;
  expect(patch.body).toEqual({ version: 2, config: prod.config, secrets: { indexerPassword: null } });

  const history = await screen.findByRole('region', { name: 'history of wazuh-prod' });
  const changes = await within(history).findByRole('list', { name: 'changes in v2' });
  expect(changes.textContent).toContain('managerUrl changed "https://w1.example.com:55000" "https://w2.example.com:55000"');
  expect(changes.textContent).toContain('verifyTls changed true false');
  fireEvent.click(within(history).getByRole('button', { name: 'Restore v1' }));
  await screen.findByText('Restored wazuh-prod (v4).');
});

test('an engineer reads connections but is offered no change', async () => {
  session.permissions = ['integration.read'];
  fakeApi({ 'GET /api/v1/integrations/providers': { body: [wazuh] }, 'GET /api/v1/integrations': { body: [prod] } });
  show();
  await screen.findByRole('table', { name: 'connections' });
  expect(screen.queryByRole('button', { name: 'Add connection' })).toBeNull();
  expect(screen.queryByRole('button', { name: 'Change' })).toBeNull();
});

test('an admin tests a connection: a worker says what it reached, or why not', async () => {
  session.permissions = ['integration.read', 'integration.manage'];
  let calls = 0;
  const api = fakeApi({
    'GET /api/v1/integrations/providers': { body: [wazuh] },
    'GET /api/v1/integrations': { body: [prod] },
    'POST /api/v1/integrations/wazuh-prod/test': () =>
      ++calls === 1
        ? { body: { ok: true, message: 'Wazuh manager v4.12.1 at https://w2.example.com:55000 answered user wazuh-wui; 11 agents', latencyMs: 42 } }
        : { body: { ok: false, message: "Wazuh refused the credentials of user 'wazuh-wui' (401)", latencyMs: 7 } },
  });
  show();
  fireEvent.click(await screen.findByRole('button', { name: 'test wazuh-prod' }));
  expect((await screen.findByRole('status', { name: 'test of wazuh-prod' })).textContent).toBe(
    'Reachable: Wazuh manager v4.12.1 at https://w2.example.com:55000 answered user wazuh-wui; 11 agents (42 ms)',
  );
  fireEvent.click(screen.getByRole('button', { name: 'test wazuh-prod' }));
  await screen.findByText(/^Failed: /);
  expect(screen.getByRole('status', { name: 'test of wazuh-prod' }).textContent).toContain("refused the credentials of user 'wazuh-wui'");
  expect(api.posts().map((p) => p.path)).toEqual(['/api/v1/integrations/wazuh-prod/test', '/api/v1/integrations/wazuh-prod/test']);
});

test('engineers read connections but cannot test them', async () => {
  session.permissions = ['integration.read'];
  fakeApi({
    'GET /api/v1/integrations/providers': { body: [wazuh] },
    'GET /api/v1/integrations': { body: [prod] },
  });
  show();
  await screen.findByText('wazuh-prod');
  expect(screen.queryByRole('button', { name: 'test wazuh-prod' })).toBeNull();
});
