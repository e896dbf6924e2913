import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { fakeApi } from '../../../test/fake-api';
import { fakeEventSource } from '../../../test/fake-event-source';
import { act } from 'react';
import { ScansPage } from './scans-page';
import { ScanDetail } from './scan-detail';
import { diffOpen, type Scan, type ScanFinding } from '../api/scans';

const session = vi.hoisted(() => ({ permissions: [] as string[] }));
vi.mock('../../auth/session', () => ({
  useSession: () => ({ can: (p: string) => session.permissions.includes(p), me: { user: 'ana' } }),
}));

let streams: ReturnType<typeof fakeEventSource>;
beforeEach(() => {
  streams = fakeEventSource();
});
afterEach(() => vi.unstubAllGlobals());

const finding = (port: number, state = 'open', service = 'http'): ScanFinding => ({
  host: '10.0.0.5',
  hostname: null,
  port,
  protocol: 'tcp',
  state,
  service,
  product: null,
  version: null,
  extraInfo: null,
  cpe: [],
  scripts: {},
});

const scan = (over: Partial<Scan> = {}): Scan => ({
  scanId: 's2',
  target: '10.0.0.0/29',
  profile: 'top-ports',
  ports: null,
  status: 'succeeded',
  requestedBy: 'ana',
  createdAt: '2026-12-02T06:00:00Z',
  startedAt: '2026-12-02T06:00:01Z',
  endedAt: '2026-12-02T06:00:09Z',
  progress: { percent: 100, hostsDone: 8, hostsUp: 1, hostsTotal: 8, phase: 'done', elapsedSeconds: 8, eta: null },
  summary: { hostsUp: 1, hostsDown: 7, openPorts: 2, findings: 4, elapsedSeconds: 8, nmapVersion: '7.93' },
  error: null,
  hosts: [{ address: '10.0.0.5', hostname: null, state: 'up', reason: 'syn-ack' }],
  findings: [finding(22, 'open', 'ssh'), finding(3389, 'open', 'ms-wbt-server'), finding(80, 'closed')],
  ...over,
});

const at = (path: string) =>
  render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/scans" element={<ScansPage />} />
        <Route path="/scans/:id" element={<ScanDetail />} />
      </Routes>
    </MemoryRouter>,
  );

test('an analyst starts a scan inside the scope hint and lands on it; a refusal says why', async () => {
  session.permissions = ['scan.read', 'scan.run', 'settings.read'];
  let refuse = true;
  const api = fakeApi({
    'GET /api/v1/scans': { body: { items: [scan()], nextCursor: null } },
    'GET /api/v1/settings': { body: { scanScope: ['10.0.0.0/16'] } },
    'POST /api/v1/scans': () =>
      refuse
        ? {
            status: 422,
            body: {
              type: 'https://vigil.dev/problems/validation',
              title: 'Unprocessable',
              status: 422,
              detail: 'the scan was refused',
              errors: [{ pointer: '/target', message: "8.8.8.8 is outside the tenant's scan scope (10.0.0.0/16)" }],
            },
          }
        : { status: 201, body: scan({ scanId: 's3', status: 'queued', progress: null, summary: null, findings: null, hosts: null }) },
    'GET /api/v1/scans/s3': { body: scan({ scanId: 's3', status: 'queued', progress: null, summary: null, findings: null, hosts: null }) },
  });
  at('/scans');
  expect((await screen.findByTestId('scope-hint')).textContent).toContain('Inside the scope: 10.0.0.0/16');
  const table = await screen.findByRole('table', { name: 'scans' });
  expect(within(table).getByText('10.0.0.0/29')).toBeTruthy();
  // a scan a schedule started appears on top as it is queued
  act(() => streams.stream('/api/v1/scans/stream').emit('scan', scan({ scanId: 's9', target: '10.0.9.0/24', status: 'queued', progress: null, summary: null, findings: null, hosts: null })));
  expect(within(table).getAllByRole('row')[1].textContent).toContain('10.0.9.0/24');
  fireEvent.change(screen.getByLabelText('Target'), { target: { value: '8.8.8.8' } });
  fireEvent.click(screen.getByRole('button', { name: 'Start scan' }));
  expect((await screen.findByRole('alert')).textContent).toContain('outside the tenant');
  refuse = false;
  fireEvent.change(screen.getByLabelText('Target'), { target: { value: '10.0.0.1' } });
  fireEvent.change(screen.getByLabelText('Ports (optional)'), { target: { value: '22,443' } });
  fireEvent.click(screen.getByRole('button', { name: 'Start scan' }));
  expect(await screen.findByText('Waiting for a free scan slot…')).toBeTruthy();
  const post = api.calls.filter((c) => c.method === 'POST').at(-1);
  expect(post?.body).toEqual({ target: '10.0.0.1', profile: 'top-ports', ports: '22,443' });
});

test('a viewer sees no start form', async () => {
  session.permissions = ['scan.read'];
  fakeApi({ 'GET /api/v1/scans': { body: { items: [], nextCursor: null } }, 'GET /api/v1/settings': { body: {} } });
  at('/scans');
  expect(await screen.findByText('No scans yet.')).toBeTruthy();
  expect(screen.queryByRole('form', { name: 'start a scan' })).toBeNull();
});

test('a running scan shows its progress bar and can be cancelled', async () => {
  session.permissions = ['scan.read', 'scan.run'];
  const running = scan({
    status: 'running',
    summary: null,
    findings: null,
    hosts: null,
    progress: { percent: 37.5, hostsDone: 3, hostsUp: 1, hostsTotal: 8, phase: 'Connect Scan', elapsedSeconds: 4, eta: '2026-12-02T06:00:20Z' },
  });
  const api = fakeApi({ 'GET /api/v1/scans/s2': { body: running }, 'POST /api/v1/scans/s2/cancel': { status: 202, body: running } });
  at('/scans/s2');
  const bar = await screen.findByRole('progressbar', { name: 'scan progress' });
  expect((bar).getAttribute('value')).toBe('37.5');
  expect((screen.getByTestId('progress-text')).textContent).toContain('37.5% · 3/8 hosts · Connect Scan · ETA');
  // the stream moves the bar without a reload; an event about another scan changes nothing
  const stream = streams.stream('/api/v1/scans/stream');
  act(() => stream.emit('scan', { ...running, scanId: 'other', progress: { ...running.progress, percent: 99 } }));
  act(() => stream.emit('scan', { ...running, findings: null, hosts: null, progress: { ...running.progress, percent: 62.5, hostsDone: 5 } }));
  expect(bar.getAttribute('value')).toBe('62.5');
  expect(screen.getByTestId('progress-text').textContent).toContain('62.5% · 5/8 hosts');
  expect(api.calls.filter((c) => c.path === '/api/v1/scans/s2')).toHaveLength(1);
  fireEvent.click(screen.getByRole('button', { name: 'Cancel scan' }));
  expect((await screen.findByRole('status')).textContent).toContain('Cancelling');
  expect(api.calls.some((c) => c.method === 'POST' && c.path === '/api/v1/scans/s2/cancel')).toBe(true);
});

test('a finished scan lists its ports with a filter, its exports and what changed since the previous scan', async () => {
  session.permissions = ['scan.read'];
  const before = scan({ scanId: 's1', createdAt: '2026-12-01T06:00:00Z', findings: [finding(22, 'open', 'ssh'), finding(80, 'open')] });
  fakeApi({
    'GET /api/v1/scans/s2': { body: scan() },
    'GET /api/v1/scans/s1': { body: before },
    'GET /api/v1/scans': { body: { items: [scan(), before], nextCursor: null } },
  });
  at('/scans/s2');
  const table = await screen.findByRole('table', { name: 'findings' });
  expect(within(table).getAllByRole('row')).toHaveLength(4);
  fireEvent.change(screen.getByLabelText('Filter'), { target: { value: 'wbt' } });
  expect(within(table).getAllByRole('row')).toHaveLength(2);
  expect((screen.getByRole('link', { name: 'CSV' })).getAttribute('href')).toBe('/api/v1/scans/s2/export?format=csv');
  const changes = await screen.findByLabelText('changes since the previous scan');
  expect((changes).textContent).toContain('newly open 10.0.0.5:3389/tcp ms-wbt-server');
  expect((changes).textContent).toContain('no longer open 10.0.0.5:80/tcp');
});

test('the diff compares open ports only', () => {
  const d = diffOpen([finding(1), finding(2, 'closed')], [finding(2), finding(3, 'filtered')]);
  expect(d.opened.map((f) => f.port)).toEqual([1]);
  expect(d.closed.map((f) => f.port)).toEqual([2]);
});

test('schedules show when they run next; one is added, paused and deleted', async () => {
  session.permissions = ['scan.read', 'scan.run'];
  const nightly = {
    name: 'nightly-lab',
    target: '127.0.0.0/30',
    profile: 'top-ports',
    ports: null,
    cron: '0 30 2 * * *',
    everySeconds: 0,
    timezone: 'Europe/Berlin',
    paused: false,
    nextRunAt: '2026-12-03T01:30:00Z',
    lastRunAt: null,
    lastScanId: null,
    lastError: null,
    createdBy: 'ana',
  };
  const api = fakeApi({
    'GET /api/v1/scans': { body: { items: [], nextCursor: null } },
    'GET /api/v1/settings': { body: { scanScope: ['127.0.0.0/8'] } },
    'GET /api/v1/scan-schedules': { body: { items: [nightly] } },
    'POST /api/v1/scan-schedules': { status: 201, body: { ...nightly, name: 'hourly', cron: null, everySeconds: 3600 } },
    'PATCH /api/v1/scan-schedules/nightly-lab': { body: { ...nightly, paused: true } },
    'DELETE /api/v1/scan-schedules/nightly-lab': { status: 204, body: undefined },
  });
  at('/scans');
  const row = (await screen.findByRole('table', { name: 'schedules' })).querySelector('[data-schedule="nightly-lab"]') as HTMLElement;
  expect(row.textContent).toContain('cron 0 30 2 * * * (Europe/Berlin)');
  fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'hourly' } });
  fireEvent.change(screen.getByLabelText('Schedule target'), { target: { value: '127.0.0.1' } });
  fireEvent.change(screen.getByLabelText('Runs'), { target: { value: 'every' } });
  fireEvent.change(screen.getByLabelText('Every'), { target: { value: '1h' } });
  fireEvent.click(screen.getByRole('button', { name: 'Add schedule' }));
  await screen.findByText('Schedule hourly created.');
  expect(api.posts().at(-1)?.body).toEqual({ name: 'hourly', target: '127.0.0.1', profile: 'top-ports', every: '1h' });
  fireEvent.click(within(row).getByRole('button', { name: 'Pause' }));
  await screen.findByText('Schedule nightly-lab paused.');
  expect(api.calls.some((c) => c.method === 'PATCH' && JSON.stringify(c.body) === '{"paused":true}')).toBe(true);
  fireEvent.click(within(row).getByRole('button', { name: 'Delete' }));
  await screen.findByText('Schedule nightly-lab deleted.');
});
