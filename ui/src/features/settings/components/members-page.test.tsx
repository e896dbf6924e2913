import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { fakeApi } from '../../../test/fake-api';
import { keyState, type ApiKey } from '../api/access';
import { MembersPage } from './members-page';

const session = vi.hoisted(() => ({ permissions: [] as string[] }));
vi.mock('../../auth/session', () => ({
  useSession: () => ({ can: (p: string) => session.permissions.includes(p), me: { user: 'adm' } }),
}));

const members = {
  items: [
    { username: 'ana', displayName: 'Ana', role: 'analyst', disabled: false, createdAt: '2026-12-01T10:00:00Z', createdBy: 'adm' },
    { username: 'old', displayName: null, role: 'viewer', disabled: true, createdAt: '2026-11-01T10:00:00Z', createdBy: 'adm' },
  ],
  nextCursor: null,
};

const key: ApiKey = {
  id: 'k1',
  name: 'shipper',
  prefix: 'vgl_abcd',
  user: 'adm',
  role: 'ingestor',
  createdAt: '2026-12-01T10:00:00Z',
  expiresAt: null,
  revokedAt: null,
  revokedBy: null,
  lastUsedAt: null,
};

const show = () =>
  render(
    <MemoryRouter>
      <MembersPage />
    </MemoryRouter>,
  );

afterEach(() => vi.unstubAllGlobals());

test('an admin changes a role, disables a member and adds one', async () => {
  session.permissions = ['user.read', 'user.manage', 'apikey.own'];
  const api = fakeApi({
    'GET /api/v1/users': { body: members },
    'PATCH /api/v1/users/ana': { body: { ...members.items[0], role: 'engineer' } },
    'POST /api/v1/users': { status: 201, body: { ...members.items[0], username: 'ben' } },
    'GET /api/v1/api-keys': { body: { items: [], nextCursor: null } },
  });
  show();
  const row = (await screen.findByRole('table', { name: 'members' })).querySelector('[data-member="ana"]') as HTMLElement;
  fireEvent.change(within(row).getByLabelText('role of ana'), { target: { value: 'engineer' } });
  await screen.findByText('ana is now engineer.');
  fireEvent.click(within(row).getByRole('button', { name: 'Disable' }));
  await screen.findByText('ana is disabled.');
  const form = screen.getByRole('form', { name: 'add a member' });
  fireEvent.change(within(form).getByLabelText('User name'), { target: { value: 'ben' } });
  fireEvent.change(within(form).getByLabelText('Role'), { target: { value: 'viewer' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Add member' }));
  await screen.findByText('ben joined as viewer.');
  const patches = api.calls.filter((c) => c.method === 'PATCH').map((c) => c.body);
  expect(patches).toEqual([{ role: 'engineer' }, { disabled: true }]);
  expect(api.posts()[0].body).toEqual({ username: 'ben', role: 'viewer' });
});

test('a refused member is explained and what was typed stays', async () => {
  session.permissions = ['user.read', 'user.manage', 'apikey.own'];
  fakeApi({
    'GET /api/v1/users': { body: members },
    'POST /api/v1/users': { status: 409, body: { type: 'https://vigil.dev/problems/conflict', detail: 'ana is already a member' } },
    'GET /api/v1/api-keys': { body: { items: [], nextCursor: null } },
  });
  show();
  const form = await screen.findByRole('form', { name: 'add a member' });
  fireEvent.change(within(form).getByLabelText('User name'), { target: { value: 'ana' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Add member' }));
  expect((await screen.findByRole('alert')).textContent).toContain('ana is already a member');
  expect((within(form).getByLabelText('User name') as HTMLInputElement).value).toBe('ana');
});

test('a new API key is shown once; keys are revoked from the list', async () => {
  session.permissions = ['apikey.own'];
  const api = fakeApi({
    'GET /api/v1/api-keys': { body: { items: [key], nextCursor: null } },
    'POST /api/v1/api-keys/k1/revoke': { body: { ...key, revokedAt: '2026-12-01T12:00:00Z' } },
    'POST /api/v1/api-keys': { status: 201, body: { apiKey: { ...key, id: 'k2', name: 'ci' }, key: 'vgl_secretsecretsecretsecretsecretsecret00' } },
  });
  show();
  expect(screen.queryByRole('table', { name: 'members' })).toBeNull();
  const form = await screen.findByRole('form', { name: 'create an api key' });
  fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'ci' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Create key' }));
  const shown = await screen.findByRole('status', { name: 'new key' });
  expect(shown.textContent).toContain('vgl_secretsecretsecretsecretsecretsecret00');
  fireEvent.click(within(shown).getByRole('button', { name: 'I have copied it' }));
  expect(screen.queryByText(/vgl_secretsecret/)).toBeNull();
  const row = screen.getByRole('table', { name: 'api keys' }).querySelector('[data-key="k1"]') as HTMLElement;
  fireEvent.click(within(row).getByRole('button', { name: 'Revoke' }));
  await vi.waitFor(() => expect(api.posts().map((c) => c.path)).toContain('/api/v1/api-keys/k1/revoke'));
  expect(api.posts()[0].body).toEqual({ name: 'ci' });
});

test('a key is active, revoked or expired', () => {
  const now = Date.parse('2026-12-02T00:00:00Z');
  expect(keyState(key, now)).toBe('active');
  expect(keyState({ ...key, expiresAt: '2026-12-01T00:00:00Z' }, now)).toBe('expired');
  expect(keyState({ ...key, revokedAt: '2026-11-30T00:00:00Z' }, now)).toBe('revoked');
});

test('an admin sets a member’s e-mail, which Slack and e-mail notifications use', async () => {
  session.permissions = ['user.read', 'user.manage', 'apikey.own'];
  const api = fakeApi({
    'GET /api/v1/users': { body: members },
    'PATCH /api/v1/users/ana': { body: { ...members.items[0], email: 'ana@acme.example' } },
    'GET /api/v1/api-keys': { body: { items: [], nextCursor: null } },
  });
  show();
  const email = await screen.findByLabelText('email of ana');
  fireEvent.change(email, { target: { value: 'ana@acme.example' } });
  fireEvent.blur(email);
  await screen.findByText("ana's e-mail is ana@acme.example.");
  expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ email: 'ana@acme.example' });
});
