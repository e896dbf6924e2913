import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { fakeApi } from '../../../test/fake-api';
import type { AlertDetail as Detail } from '../api/alerts';
import { AlertDetail } from './alert-detail';

const session = vi.hoisted(() => ({ permissions: [] as string[] }));
vi.mock('../../auth/session', () => ({ useSession: () => ({ can: (p: string) => session.permissions.includes(p) }) }));

const alert: Detail = {
  id: 'a1',
  rule: { key: 'login-failures-per-source', version: 1 },
  title: 'Repeated failed logins from one source',
  severity: 'high',
  status: 'open',
  entity: { kind: 'ip', value: '203.0.113.7' },
  group: { 'src.ip': '203.0.113.7' },
  firstSeen: '2026-12-10T06:55:46Z',
  lastSeen: '2026-12-10T06:56:10Z',
  eventCount: 5,
  mitre: ['T1110.001'],
  incidentId: null,
  verdict: null,
  evidence: [
    {
      id: 'e1',
      time: '2026-12-10T06:55:46Z',
      type: 'authentication',
      outcome: 'failure',
      actor: { name: 'root' },
      src: { ip: '203.0.113.7', port: 46821 },
      message: 'Failed password for root from 203.0.113.7 port 46821 ssh2',
    },
  ],
  feedback: null,
  statusBy: null,
  statusAt: null,
};

function show() {
  return render(
    <MemoryRouter initialEntries={['/alerts/a1']}>
      <Routes>
        <Route path="/alerts/:id" element={<AlertDetail />} />
      </Routes>
    </MemoryRouter>,
  );
}

afterEach(() => vi.unstubAllGlobals());

test('the false-positive button posts that verdict with the comment', async () => {
  session.permissions = ['alert.read', 'alert.triage'];
  const api = fakeApi({ 'GET /api/v1/alerts/a1': { body: alert }, 'POST /api/v1/alerts/a1/feedback': { body: alert } });
  show();
  await screen.findByRole('heading', { name: alert.title });
  fireEvent.change(screen.getByLabelText('Comment (optional)'), { target: { value: 'our vulnerability scanner' } });
  fireEvent.click(screen.getByRole('button', { name: 'False positive' }));
  await screen.findByText('Marked as false positive.');
  expect(api.posts()).toEqual([
    expect.objectContaining({ path: '/api/v1/alerts/a1/feedback', body: { verdict: 'false_positive', comment: 'our vulnerability scanner' } }),
  ]);
});

test('true positive and benign post their own verdicts; acknowledge posts the status', async () => {
  session.permissions = ['alert.read', 'alert.triage'];
  const api = fakeApi({ 'GET /api/v1/alerts/a1': { body: alert }, 'POST /api/v1/alerts/a1/': { body: alert } });
  show();
  await screen.findByRole('heading', { name: alert.title });
  fireEvent.click(screen.getByRole('button', { name: 'True positive' }));
  await waitFor(() => expect(api.posts()).toHaveLength(1));
  await waitFor(() => expect((screen.getByRole('button', { name: 'Benign' }) as HTMLButtonElement).disabled).toBe(false));
  fireEvent.click(screen.getByRole('button', { name: 'Benign' }));
  await waitFor(() => expect(api.posts()).toHaveLength(2));
  await waitFor(() => expect((screen.getByRole('button', { name: 'Acknowledge' }) as HTMLButtonElement).disabled).toBe(false));
  fireEvent.click(screen.getByRole('button', { name: 'Acknowledge' }));
  await waitFor(() => expect(api.posts()).toHaveLength(3));
  expect(api.posts().map((c) => c.body)).toEqual([
    { verdict: 'true_positive', comment: null },
    { verdict: 'benign', comment: null },
    { status: 'acknowledged' },
  ]);
  expect(api.posts()[2].path).toBe('/api/v1/alerts/a1/status');
});

test('a closed alert cannot be acknowledged or closed again', async () => {
  session.permissions = ['alert.read', 'alert.triage'];
  fakeApi({ 'GET /api/v1/alerts/a1': { body: { ...alert, status: 'closed', statusBy: 'ana', statusAt: '2026-12-10T07:00:00Z' } } });
  show();
  await screen.findByRole('heading', { name: alert.title });
  expect((screen.getByRole('button', { name: 'Acknowledge' }) as HTMLButtonElement).disabled).toBe(true);
  expect((screen.getByRole('button', { name: 'Close' }) as HTMLButtonElement).disabled).toBe(true);
});

test('without alert.triage the evidence is shown but no triage action', async () => {
  session.permissions = ['alert.read'];
  fakeApi({ 'GET /api/v1/alerts/a1': { body: alert } });
  show();
  await screen.findByText('Your role can see alerts but not triage them.');
  expect(screen.queryByRole('button', { name: 'False positive' })).toBeNull();
  expect(screen.queryByRole('button', { name: 'Acknowledge' })).toBeNull();
  expect(screen.getByRole('table', { name: 'evidence' }).textContent).toContain('Failed password for root');
  expect(screen.getByRole('link', { name: 'T1110.001' }).getAttribute('href')).toBe('https://attack.mitre.org/techniques/T1110/001/');
});
