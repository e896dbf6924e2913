import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { fakeApi } from '../../../test/fake-api';
import type { RoleInfo } from '../api/access';
import { MembersPage } from './members-page';

const session = vi.hoisted(() => ({ permissions: [] as string[] }));
vi.mock('../../auth/session', () => ({
  useSession: () => ({ can: (p: string) => session.permissions.includes(p), me: { user: 'lead' } }),
}));

const role = (name: string, permissions: string[], builtIn = false): RoleInfo => ({
  name,
  description: builtIn ? `the ${name}` : 'tier 1',
  builtIn,
  permissions,
  version: builtIn ? null : 3,
  createdBy: builtIn ? null : 'adm',
  updatedBy: null,
  updatedAt: null,
  holders: null,
});

const ALL = ['alert.read', 'alert.triage', 'incident.read', 'role.manage', 'self', 'user.manage', 'user.read'];
const roles = {
  items: [role('owner', ALL, true), role('viewer', ['alert.read', 'incident.read', 'self'], true), role('ingestor', [], true), role('triager', ['alert.read', 'self'])],
};
const members = {
  items: [{ username: 'tess', displayName: null, role: 'triager', disabled: false, createdAt: '2026-12-01T10:00:00Z', createdBy: 'adm' }],
  nextCursor: null,
};

afterEach(() => vi.unstubAllGlobals());

const show = () =>
  render(
    <MemoryRouter>
      <MembersPage />
    </MemoryRouter>,
  );

test('custom roles are offered for members and keys, composed only from permissions one holds, changed at their version and deleted', async () => {
  session.permissions = ['user.read', 'user.manage', 'role.manage', 'alert.read', 'self', 'apikey.own'];
  const api = fakeApi({
    'GET /api/v1/roles': { body: roles },
    'GET /api/v1/users': { body: members },
    'GET /api/v1/api-keys': { body: { items: [], nextCursor: null } },
    'POST /api/v1/roles': { status: 201, body: role('reader', ['alert.read', 'self']) },
    'PATCH /api/v1/roles/triager': { body: role('triager', ['alert.read']) },
    'DELETE /api/v1/roles/triager': {
      status: 409,
      body: { type: 'https://vigil.dev/problems/in-use', title: 'Conflict', status: 409, detail: "role 'triager' is still held by 1 member(s) and 0 API key(s)" },
    },
  });
  show();
  const table = await screen.findByRole('table', { name: 'roles' });
  // the member's custom role is in the role choices; ingestor is for keys only
  const memberRole = await screen.findByLabelText('role of tess');
  const memberOptions = within(memberRole).getAllByRole('option').map((o) => o.textContent);
  expect(memberOptions).toEqual(['owner', 'viewer', 'triager']);
  const keyForm = screen.getByRole('form', { name: 'create an api key' });
  expect(within(keyForm).getAllByRole('option').map((o) => o.textContent)).toEqual(['my role', 'owner', 'viewer', 'ingestor', 'triager']);

  // what a role grants opens on demand
  const triager = table.querySelector('[data-role="triager"]') as HTMLElement;
  fireEvent.click(within(triager).getByRole('button', { name: '2 permissions' }));
  expect(within(within(triager).getByRole('list', { name: 'permissions of triager' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
    'alert.read',
    'self',
  ]);
  // built-in roles cannot be edited
  const viewer = table.querySelector('[data-role="viewer"]') as HTMLElement;
  expect(within(viewer).queryByRole('button', { name: 'Edit' })).toBeNull();

  // composing: a permission the caller does not hold cannot be ticked
  const form = screen.getByRole('form', { name: 'compose a role' });
  expect((within(form).getByLabelText(/alert\.triage/) as HTMLInputElement).disabled).toBe(true);
  fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'reader' } });
  fireEvent.click(within(form).getByLabelText(/alert\.read/));
  fireEvent.click(within(form).getByRole('button', { name: 'Create role' }));
  await screen.findByText('Role reader created.');
  expect(api.calls.find((c) => c.method === 'POST' && c.path === '/api/v1/roles')?.body).toEqual({
    name: 'reader',
    description: '',
    permissions: ['alert.read', 'self'],
  });

  // changing a custom role sends the version it was read at
  fireEvent.click(within(triager).getByRole('button', { name: 'Edit' }));
  const edit = screen.getByRole('form', { name: 'change role triager' });
  fireEvent.click(within(edit).getByLabelText(/self/));
  fireEvent.click(within(edit).getByRole('button', { name: 'Save role' }));
  await screen.findByText('Role triager changed.');
  expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ description: 'tier 1', permissions: ['alert.read'], version: 3 });

  // a role still held is not deleted, and the page says why
  fireEvent.click(within(triager).getByRole('button', { name: 'Delete' }));
  expect((await screen.findByRole('alert')).textContent).toContain('still held by 1 member');
});

test('without user.read the roles are not shown and keys offer the built-in roles', async () => {
  session.permissions = ['apikey.own', 'self'];
  const api = fakeApi({ 'GET /api/v1/api-keys': { body: { items: [], nextCursor: null } } });
  show();
  const keyForm = await screen.findByRole('form', { name: 'create an api key' });
  expect(within(keyForm).getAllByRole('option')).toHaveLength(8);
  expect(screen.queryByRole('table', { name: 'roles' })).toBeNull();
  expect(api.calls.some((c) => c.path.startsWith('/api/v1/roles'))).toBe(false);
});
