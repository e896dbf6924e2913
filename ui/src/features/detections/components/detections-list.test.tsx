import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { fakeApi } from '../../../test/fake-api';
import type { DetectionSummary } from '../api/detections';
import { DetectionsList } from './detections-list';

const session = vi.hoisted(() => ({ permissions: [] as string[] }));
vi.mock('../../auth/session', () => ({ useSession: () => ({ can: (p: string) => session.permissions.includes(p) }) }));

const rule: DetectionSummary = {
  key: 'login-failures-per-source',
  version: 1,
  title: 'Repeated failed logins from one source',
  kind: 'threshold',
  severity: 'high',
  enabled: true,
  origin: 'bundled',
  mitre: ['T1110'],
  alerts: 7,
  falsePositiveRate: 0.25,
  updatedAt: '2026-01-01T00:00:00Z',
};

const show = () =>
  render(
    <MemoryRouter>
      <DetectionsList />
    </MemoryRouter>,
  );

afterEach(() => vi.unstubAllGlobals());

test('turning a rule off posts enabled false and shows it off', async () => {
  session.permissions = ['detection.read', 'detection.manage'];
  const api = fakeApi({
    'GET /api/v1/detections': { body: { items: [rule] } },
    'POST /api/v1/detections/login-failures-per-source/enabled': { body: { ...rule, enabled: false } },
  });
  show();
  const box = (await screen.findByLabelText('enabled login-failures-per-source')) as HTMLInputElement;
  expect(box.checked).toBe(true);
  expect(screen.getByText('25 %')).toBeTruthy();
  fireEvent.click(box);
  await screen.findByText('login-failures-per-source is off.');
  expect(api.posts()).toEqual([expect.objectContaining({ body: { enabled: false } })]);
  await waitFor(() => expect(box.checked).toBe(false));
});

test('without detection.manage the toggles are disabled and there is no New rule or import', async () => {
  session.permissions = ['detection.read'];
  fakeApi({ 'GET /api/v1/detections': { body: { items: [rule] } } });
  show();
  const box = (await screen.findByLabelText('enabled login-failures-per-source')) as HTMLInputElement;
  expect(box.disabled).toBe(true);
  expect(screen.queryByRole('link', { name: 'New rule' })).toBeNull();
  expect(screen.queryByRole('link', { name: 'Import Sigma' })).toBeNull();
});
