import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { fakeApi } from '../../../test/fake-api';
import { fakeEventSource } from '../../../test/fake-event-source';
import type { Incident } from '../api/incidents';
import { IncidentsQueue } from './incidents-queue';

const session = vi.hoisted(() => ({ permissions: [] as string[] }));
vi.mock('../../auth/session', () => ({
  useSession: () => ({ can: (p: string) => session.permissions.includes(p), me: { user: 'ana' } }),
}));

const incident = (id: string, title: string, over: Partial<Incident> = {}): Incident => ({
  id,
  title,
  status: 'new',
  severity: 'high',
  assignee: null,
  entities: [{ kind: 'ip', value: '203.0.113.7' }],
  tags: [],
  alertCount: 1,
  eventCount: 6,
  openedAt: `2026-03-01T10:0${id.slice(-1)}:00Z`,
  updatedAt: '2026-03-01T10:00:00Z',
  closeReason: null,
  mergedInto: null,
  sla: { acknowledgeBy: '2099-01-01T00:00:00Z', containBy: null, resolveBy: '2099-01-02T00:00:00Z', breached: false, paused: false, breaches: 0, warnings: 0 },
  ...over,
});

const items = [incident('inc-3', 'Brute force from 203.0.113.7'), incident('inc-2', 'Spray on vpn'), incident('inc-1', 'Malware on web-01')];

const show = () =>
  render(
    <MemoryRouter>
      <IncidentsQueue />
    </MemoryRouter>,
  );

afterEach(() => vi.unstubAllGlobals());

test('the selected incidents are acknowledged in one bulk request, and refusals are named', async () => {
  session.permissions = ['incident.read', 'incident.manage'];
  fakeEventSource();
  const api = fakeApi({
    'GET /api/v1/incidents': { body: { items, nextCursor: null } },
    'POST /api/v1/incidents/bulk': {
      body: {
        results: [
          { id: 'inc-3', ok: true, status: 'acknowledged' },
          { id: 'inc-1', ok: false, error: 'already resolved' },
        ],
      },
    },
  });
  show();
  await screen.findByRole('link', { name: 'Brute force from 203.0.113.7' });
  expect(screen.queryByRole('region', { name: 'bulk actions' })).toBeNull();
  fireEvent.click(screen.getByLabelText('select Brute force from 203.0.113.7'));
  fireEvent.click(screen.getByLabelText('select Malware on web-01'));
  const bar = screen.getByRole('region', { name: 'bulk actions' });
  expect(bar.textContent).toContain('2 selected');
  expect((screen.getByLabelText('select all') as HTMLInputElement).indeterminate).toBe(true);
  fireEvent.click(within(bar).getByRole('button', { name: 'Acknowledge' }));
  await screen.findByText('Acknowledged 1 of 2. Not changed: Malware on web-01 (already resolved).');
  expect(api.posts()).toEqual([expect.objectContaining({ path: '/api/v1/incidents/bulk', body: { ids: ['inc-3', 'inc-1'], action: 'acknowledge' } })]);
  // the one that worked leaves the selection; the refused one stays selected to try again
  expect((screen.getByLabelText('select Brute force from 203.0.113.7') as HTMLInputElement).checked).toBe(false);
  expect((screen.getByLabelText('select Malware on web-01') as HTMLInputElement).checked).toBe(true);
});

test('select all, then assign every incident to one analyst', async () => {
  session.permissions = ['incident.read', 'incident.manage'];
  fakeEventSource();
  const api = fakeApi({
    'GET /api/v1/incidents': { body: { items, nextCursor: null } },
    'POST /api/v1/incidents/bulk': { body: { results: items.map((i) => ({ id: i.id, ok: true })) } },
  });
  show();
  await screen.findByRole('link', { name: 'Spray on vpn' });
  fireEvent.click(screen.getByLabelText('select all'));
  const bar = screen.getByRole('region', { name: 'bulk actions' });
  expect(bar.textContent).toContain('3 selected');
  fireEvent.change(within(bar).getByLabelText('Assign to'), { target: { value: 'group:soc-l2' } });
  fireEvent.click(within(bar).getByRole('button', { name: 'Assign' }));
  await screen.findByText('Assigned 3 of 3.');
  expect(api.posts()[0].body).toEqual({ ids: ['inc-3', 'inc-2', 'inc-1'], action: 'assign', assignee: 'group:soc-l2' });
  await waitFor(() => expect(screen.queryByRole('region', { name: 'bulk actions' })).toBeNull());
});

test('a change arriving on the stream updates its row in place', async () => {
  session.permissions = ['incident.read', 'incident.manage'];
  const es = fakeEventSource();
  fakeApi({ 'GET /api/v1/incidents': { body: { items, nextCursor: null } } });
  show();
  await screen.findByRole('link', { name: 'Spray on vpn' });
  act(() => es.stream('/api/v1/incidents/stream').emit('incident', { ...items[1], status: 'acknowledged', assignee: 'ben' }));
  const row = await waitFor(() => {
    const r = document.querySelector('[data-incident="inc-2"]')!;
    expect(r.textContent).toContain('ben');
    return r;
  });
  expect(row.textContent).toContain('acknowledged');
});

test('without incident.manage there is nothing to select and no New incident', async () => {
  session.permissions = ['incident.read'];
  fakeEventSource();
  fakeApi({ 'GET /api/v1/incidents': { body: { items, nextCursor: null } } });
  show();
  await screen.findByRole('link', { name: 'Spray on vpn' });
  expect(screen.queryByRole('checkbox')).toBeNull();
  expect(screen.queryByRole('button', { name: 'New incident' })).toBeNull();
});

test('Load more asks for the next page with the cursor and keeps the filters', async () => {
  session.permissions = ['incident.read'];
  fakeEventSource();
  const api = fakeApi({
    'GET /api/v1/incidents?status=open&limit=50&cursor=c2': { body: { items: [incident('inc-0', 'Older one')], nextCursor: null } },
    'GET /api/v1/incidents': { body: { items, nextCursor: 'c2' } },
  });
  show();
  fireEvent.click(await screen.findByRole('button', { name: 'Load more' }));
  await screen.findByRole('link', { name: 'Older one' });
  expect(api.calls.map((c) => c.path)).toEqual(['/api/v1/incidents?status=open&limit=50', '/api/v1/incidents?status=open&limit=50&cursor=c2']);
  expect(screen.getAllByRole('row')).toHaveLength(5); // header + 4
  expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
});
