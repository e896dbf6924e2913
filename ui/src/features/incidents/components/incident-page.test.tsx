import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { fakeApi } from '../../../test/fake-api';
import { fakeEventSource } from '../../../test/fake-event-source';
import type { IncidentDetail } from '../api/incidents';
import { IncidentPage } from './incident-page';

const session = vi.hoisted(() => ({ permissions: [] as string[] }));
vi.mock('../../auth/session', () => ({
  useSession: () => ({ can: (p: string) => session.permissions.includes(p), me: { user: 'ana' } }),
}));

const detail: IncidentDetail = {
  id: 'inc-1',
  title: 'Credential attack from 203.0.113.7',
  status: 'acknowledged',
  severity: 'high',
  assignee: 'ana',
  entities: [{ kind: 'ip', value: '203.0.113.7' }],
  tags: ['ssh'],
  alertCount: 1,
  eventCount: 6,
  openedAt: '2026-03-01T10:00:00Z',
  updatedAt: '2026-03-01T10:05:00Z',
  closeReason: null,
  mergedInto: null,
  sla: { acknowledgeBy: null, containBy: '2099-01-01T00:00:00Z', resolveBy: '2099-01-02T00:00:00Z', breached: false, paused: false, breaches: 0, warnings: 0 },
  description: null,
  correlationKey: 'entity:ip:203.0.113.7',
  durations: { timeToAcknowledge: 120_000, timeToContain: null, timeToResolve: null, handlingTime: null },
  alerts: [
    {
      id: 'a1',
      rule: { key: 'login-failures-per-source', version: 1 },
      title: 'Repeated failed logins from one source',
      severity: 'high',
      status: 'open',
      entity: { kind: 'ip', value: '203.0.113.7' },
      firstSeen: '2026-03-01T09:58:00Z',
      lastSeen: '2026-03-01T09:59:00Z',
      eventCount: 6,
      mitre: ['T1110'],
      origin: { incidentId: 'inc-1', attachedAt: '2026-03-01T10:00:00Z', attachedBy: 'vigil' },
    },
  ],
  timeline: [
    { seq: 1, at: '2026-03-01T10:00:00Z', actor: 'vigil', kind: 'opened', summary: 'Opened from alert', data: {}, origin: 'inc-1' },
    { seq: 2, at: '2026-03-01T10:02:00Z', actor: 'ana', kind: 'status', summary: 'acknowledged', data: { from: 'new', to: 'acknowledged' }, origin: 'inc-1' },
    { seq: 3, at: '2026-03-01T10:03:00Z', actor: 'ana', kind: 'comment', summary: 'comment', data: { body: 'Looks like **brute force** <img src=x onerror=alert(1)>' }, origin: 'inc-1' },
  ],
  observables: [
    {
      kind: 'ip',
      value: '203.0.113.7',
      tlp: 'amber',
      firstSeen: '2026-03-01T09:58:00Z',
      lastSeen: '2026-03-01T09:59:00Z',
      sightings: { incidents: 2, alerts: 3, firstSeen: '2026-02-01T00:00:00Z', lastSeen: '2026-03-01T09:59:00Z', otherIncidents: ['inc-0'] },
      sources: ['alert'],
      origin: 'inc-1',
    },
  ],
  runs: [
    {
      runId: 'r1',
      playbook: 'incident-containment',
      status: 'waiting_approval',
      responseId: 'contain-high',
      startedAt: '2026-03-01T10:00:01Z',
      approvals: [
        { stepId: 'approve', prompt: 'Contain incident inc-1?', status: 'pending', openedAt: '2026-03-01T10:00:02Z', dueAt: '2099-01-01T00:00:00Z', quorum: 1, votes: [] },
      ],
    },
  ],
  tasks: [{ id: 'scope', title: 'Check which accounts the source tried', mandatory: true, playbook: null, status: 'open', assignee: null, due: null }],
};

const show = () =>
  render(
    <MemoryRouter initialEntries={['/incidents/inc-1']}>
      <Routes>
        <Route path="/incidents/:id" element={<IncidentPage />} />
      </Routes>
    </MemoryRouter>,
  );

afterEach(() => vi.unstubAllGlobals());

test('the pending approval of a linked run is approved in place', async () => {
  session.permissions = ['incident.read', 'incident.manage', 'approval.decide'];
  fakeEventSource();
  const api = fakeApi({ 'GET /api/v1/incidents/inc-1': { body: detail }, 'POST /api/v1/runs/r1/approvals/approve': { body: {} } });
  show();
  const approval = await screen.findByRole('group', { name: 'approval Contain incident inc-1?' });
  fireEvent.change(within(approval).getByLabelText('Comment (optional)'), { target: { value: 'go' } });
  fireEvent.click(within(approval).getByRole('button', { name: 'Approve' }));
  await screen.findByText('You approved “Contain incident inc-1?”.');
  expect(api.posts()).toEqual([expect.objectContaining({ path: '/api/v1/runs/r1/approvals/approve', body: { decision: 'approve', comment: 'go' } })]);
});

test('a refused decision shows why, in words', async () => {
  session.permissions = ['incident.read', 'incident.manage', 'approval.decide'];
  fakeEventSource();
  fakeApi({
    'GET /api/v1/incidents/inc-1': { body: detail },
    'POST /api/v1/runs/r1/approvals/approve': { status: 403, body: { type: 'https://vigil.dev/problems/four-eyes', title: 'Forbidden', detail: 'four eyes' } },
  });
  show();
  const approval = await screen.findByRole('group', { name: 'approval Contain incident inc-1?' });
  fireEvent.click(within(approval).getByRole('button', { name: 'Reject' }));
  expect((await within(approval).findByRole('alert')).textContent).toMatch(/another person has to approve/);
});

test('resolving asks for the reason and sends it', async () => {
  session.permissions = ['incident.read', 'incident.manage'];
  fakeEventSource();
  const api = fakeApi({
    'GET /api/v1/incidents/inc-1': { body: detail },
    'POST /api/v1/incidents/inc-1/status': { body: { ...detail, status: 'resolved', closeReason: 'true_positive' } },
  });
  show();
  fireEvent.click(await screen.findByRole('button', { name: 'Change status ▾' }));
  fireEvent.click(screen.getByRole('menuitem', { name: 'resolved…' }));
  fireEvent.click(screen.getByLabelText('True positive'));
  fireEvent.click(screen.getByRole('button', { name: 'Mark resolved' }));
  await screen.findByText('Marked resolved (true positive).');
  expect(api.posts()[0].body).toEqual({ status: 'resolved', reason: 'true_positive' });
  expect(document.querySelector('.page-head .badge.status-resolved')).not.toBeNull();
});

test('an illegal move answered 409 lists what is allowed now', async () => {
  session.permissions = ['incident.read', 'incident.manage'];
  fakeEventSource();
  fakeApi({
    'GET /api/v1/incidents/inc-1': { body: detail },
    'POST /api/v1/incidents/inc-1/status': {
      status: 409,
      body: {
        type: 'https://vigil.dev/problems/illegal-transition',
        detail: 'an incident that is contained cannot become contained; allowed: [in_progress, resolved, closed]',
        allowed: ['in_progress', 'resolved', 'closed'],
      },
    },
  });
  show();
  fireEvent.click(await screen.findByRole('button', { name: 'Change status ▾' }));
  fireEvent.click(screen.getByRole('menuitem', { name: 'contained' }));
  expect((await screen.findByRole('alert')).textContent).toBe('An incident that is contained cannot become contained. Allowed now: in progress, resolved, closed.');
});

test('a comment posts Markdown; the timeline shows comments as safe Markdown', async () => {
  session.permissions = ['incident.read', 'incident.manage'];
  fakeEventSource();
  const api = fakeApi({ 'GET /api/v1/incidents/inc-1': { body: detail }, 'POST /api/v1/incidents/inc-1/comments': { body: detail } });
  show();
  const timeline = await screen.findByRole('list', { name: 'timeline' });
  const c = timeline.querySelector('[data-kind="comment"]')!;
  expect(c.querySelector('.comment-body strong')!.textContent).toBe('brute force');
  expect(c.querySelector('img')).toBeNull();
  expect(timeline.querySelector('[data-kind="status"]')!.textContent).toContain('new → acknowledged');
  fireEvent.change(screen.getByLabelText('Comment'), { target: { value: 'Blocked at the edge, cc @ben' } });
  fireEvent.click(screen.getByRole('button', { name: 'Post comment' }));
  await screen.findByText('Comment added.');
  expect(api.posts()[0]).toEqual(expect.objectContaining({ path: '/api/v1/incidents/inc-1/comments', body: { body: 'Blocked at the edge, cc @ben' } }));
});

test('a viewer sees evidence, sightings and runs but no action', async () => {
  session.permissions = ['incident.read'];
  fakeEventSource();
  fakeApi({ 'GET /api/v1/incidents/inc-1': { body: detail } });
  show();
  await screen.findByText('Your role can see incidents but not change them.');
  expect(screen.queryByRole('button', { name: 'Change status ▾' })).toBeNull();
  expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  expect(screen.queryByRole('button', { name: 'Post comment' })).toBeNull();
  expect(screen.getByRole('link', { name: 'evidence' }).getAttribute('href')).toBe('/alerts/a1');
  expect(screen.getByRole('link', { name: 'inc-0' }).getAttribute('href')).toBe('/incidents/inc-0');
  expect(screen.getByText('TLP:AMBER')).toBeTruthy();
  expect((screen.getByRole('checkbox', { name: 'Check which accounts the source tried' }) as HTMLInputElement).disabled).toBe(true);
});

test("a task bound to a playbook runs it from the checklist and links the run", async () => {
  session.permissions = ['incident.read', 'incident.manage'];
  fakeEventSource();
  const contain = { id: 'contain', title: 'Block the source', mandatory: true, playbook: 'incident-containment', status: 'open' as const, assignee: null, due: null };
  const withTask = { ...detail, tasks: [...detail.tasks, contain] };
  const started = {
    ...withTask,
    runs: [...detail.runs, { runId: 'r2', playbook: 'incident-containment', status: 'waiting_approval', responseId: 'task:contain', startedAt: '2026-03-01T10:06:00Z', approvals: [] }],
  };
  const api = fakeApi({ 'GET /api/v1/incidents/inc-1': { body: withTask }, 'POST /api/v1/incidents/inc-1/tasks/contain/run': { body: started } });
  show();
  const task = (await screen.findByRole('list', { name: 'tasks' })).querySelector('[data-task="contain"]') as HTMLElement;
  expect(within(screen.getByRole('list', { name: 'tasks' }).querySelector('[data-task="scope"]') as HTMLElement).queryByRole('button', { name: 'Run playbook' }))
    .toBeNull();
  fireEvent.click(within(task).getByRole('button', { name: 'Run playbook' }));
  await screen.findByText('Started incident-containment for “Block the source”; another analyst approves it.');
  expect(api.posts()).toEqual([expect.objectContaining({ path: '/api/v1/incidents/inc-1/tasks/contain/run', body: {} })]);
  expect(within(task).getByRole('link', { name: 'run waiting approval' }).getAttribute('href')).toBe('/runs/r2');
});
