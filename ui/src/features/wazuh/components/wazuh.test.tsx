import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { fakeApi } from '../../../test/fake-api';
import type { Agent, SyncStatus } from '../api/wazuh';
import { WazuhAgents } from './wazuh-agents';
import { AgentDetail } from './agent-detail';

const session = vi.hoisted(() => ({ permissions: [] as string[] }));
vi.mock('../../auth/session', () => ({
  useSession: () => ({ can: (p: string) => session.permissions.includes(p), me: { user: 'ana' } }),
}));

const status: SyncStatus = {
  paused: false,
  lastSuccess: '2026-12-01T10:00:00Z',
  lastError: 'alerts: POST /wazuh-alerts-4.x-*/_search failed after 4 attempts: HTTP 503',
  lastErrorAt: '2026-12-01T09:00:00Z',
  lag: { agents: 120, sca: 1800, alerts: 30 },
  syncedAt: { agents: '2026-12-01T10:00:00Z', sca: '2026-12-01T09:32:00Z', alerts: '2026-12-01T10:01:00Z' },
  alertsIngested: 1834,
  indexer: true,
};

const agent = (id: string, name: string, s = 'active'): Agent => ({
  id,
  name,
  ip: '10.0.0.' + Number(id),
  status: s,
  version: 'Wazuh v4.12.1',
  os: { name: 'Ubuntu', version: '22.04', platform: 'ubuntu' },
  lastKeepAlive: '2026-12-01T10:00:00Z',
  dateAdd: null,
  groups: ['default'],
  node: 'node01',
  syncedAt: '2026-12-01T10:00:00Z',
});

const at = (path: string, element: React.ReactNode, route: string) =>
  render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path={route} element={element} />
        <Route path="/wazuh/:connection" element={element} />
      </Routes>
    </MemoryRouter>,
  );

afterEach(() => vi.unstubAllGlobals());

test('the inventory shows the sync state, filters by status and text, and pages on', async () => {
  session.permissions = ['wazuh.read'];
  const api = fakeApi({
    'GET /api/v1/wazuh': { body: [{ name: 'soc', managerUrl: 'https://wazuh.example.com:55000', status }] },
    'GET /api/v1/wazuh/soc/agents?limit=50&cursor=c1': { body: { items: [agent('002', 'db-01')], nextCursor: null, syncedAt: '2026-12-01T10:00:00Z' } },
    'GET /api/v1/wazuh/soc/agents?limit=50&status=disconnected&q=web': { body: { items: [agent('003', 'web-02', 'disconnected')], nextCursor: null, syncedAt: '2026-12-01T10:00:00Z' } },
    'GET /api/v1/wazuh/soc/agents?limit=50': { body: { items: [agent('000', 'manager'), agent('001', 'web-01')], nextCursor: 'c1', syncedAt: '2026-12-01T10:00:00Z' } },
  });
  at('/wazuh/soc', <WazuhAgents />, '/wazuh');
  const table = await screen.findByRole('table', { name: 'agents' });
  expect(within(table).getAllByRole('row')).toHaveLength(3);
  const sync = screen.getByLabelText('sync status');
  expect(sync.textContent).toContain('Agents 2 min ago · SCA 30 min ago · alerts 30 s ago (1834 ingested)');
  expect(screen.getByRole('status', { name: 'last sync error' }).textContent).toContain('HTTP 503');
  expect(screen.queryByRole('button', { name: 'Sync now' })).toBeNull();

  fireEvent.click(await screen.findByRole('button', { name: 'More agents' }));
  await screen.findByText('db-01');

  fireEvent.change(screen.getByLabelText('status'), { target: { value: 'disconnected' } });
  fireEvent.change(screen.getByLabelText('search agents'), { target: { value: ' web ' } });
  fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
  await screen.findByText('web-02');
  expect(screen.queryByText('web-01')).toBeNull();
  expect(api.calls.map((c) => c.path)).toContain('/api/v1/wazuh/soc/agents?limit=50&status=disconnected&q=web');
});

test('add agent writes the enrolment commands for the manager and the version of agent 000', async () => {
  session.permissions = ['wazuh.read'];
  fakeApi({
    'GET /api/v1/wazuh': { body: [{ name: 'soc', managerUrl: 'https://wazuh.example.com:55000', status }] },
    'GET /api/v1/wazuh/soc/agents': { body: { items: [agent('000', 'manager'), agent('001', 'web-01')], nextCursor: null, syncedAt: null } },
  });
  at('/wazuh/soc', <WazuhAgents />, '/wazuh');
  fireEvent.click(await screen.findByRole('button', { name: 'Add agent' }));
  fireEvent.click(screen.getByRole('tab', { name: 'Windows' }));
  fireEvent.change(screen.getByLabelText('agent group'), { target: { value: 'dc' } });
  expect(screen.getByLabelText('enrolment commands').textContent).toContain(
    "wazuh-agent-4.12.1-1.msi -OutFile $env:tmp\\wazuh-agent; msiexec.exe /i $env:tmp\\wazuh-agent /q WAZUH_MANAGER='wazuh.example.com' WAZUH_AGENT_GROUP='dc'",
  );
});

test('engineers sync now and pause; the answer is the new status', async () => {
  session.permissions = ['wazuh.read', 'wazuh.sync'];
  const api = fakeApi({
    'GET /api/v1/wazuh': { body: [{ name: 'soc', managerUrl: 'https://w', status }] },
    'GET /api/v1/wazuh/soc/agents': { body: { items: [], nextCursor: null, syncedAt: null } },
    'POST /api/v1/wazuh/soc/sync/pause': { body: { ...status, paused: true } },
  });
  at('/wazuh/soc', <WazuhAgents />, '/wazuh');
  fireEvent.click(await screen.findByRole('button', { name: 'Pause sync' }));
  await screen.findByText('sync paused');
  expect(screen.getByRole('button', { name: 'Resume sync' })).toBeTruthy();
  expect(api.posts().map((p) => p.path)).toEqual(['/api/v1/wazuh/soc/sync/pause']);
});

test('an analyst reads an agent’s SCA failures with their remediation and starts an active response that waits for approval', async () => {
  session.permissions = ['wazuh.read', 'run.start'];
  const api = fakeApi({
    'GET /api/v1/wazuh/soc/agents/001/sca/cis_debian/checks': {
      body: {
        items: [
          {
            id: 5003,
            title: 'Ensure separate partition exists for /var',
            rationale: 'Since the /var directory may contain world-writable files',
            remediation: 'For new installations, create a custom partition setup',
            result: 'failed',
            compliance: [{ key: 'cis', value: '1.1.6' }],
          },
        ],
        total: 191,
        truncated: false,
        failed: [],
        fetchedAt: '2026-12-01T10:05:00Z',
      },
    },
    'GET /api/v1/wazuh/soc/agents/001/sca': {
      body: { items: [{ agentId: '001', policyId: 'cis_debian', name: 'CIS Debian', description: null, score: 39, pass: 56, fail: 87, invalid: 48, totalChecks: 191, endScan: '2026-12-01T08:00:00Z', syncedAt: '2026-12-01T09:00:00Z' }], syncedAt: '2026-12-01T09:00:00Z' },
    },
    'GET /api/v1/wazuh/soc/agents/001/alerts': { body: { items: [], nextCursor: null } },
    'GET /api/v1/wazuh/soc/agents/001/fim': { body: { items: [], total: 0, truncated: false, failed: [], fetchedAt: '2026-12-01T10:05:00Z' } },
    'GET /api/v1/wazuh/soc/agents/001': { body: agent('001', 'web-01') },
    'POST /api/v1/runs': { status: 201, body: { runId: 'b5f3c2a1-0000-4000-8000-000000000001', status: 'running' } },
  });
  at('/wazuh/soc/agents/001', <AgentDetail />, '/wazuh/:connection/agents/:id');
  const policies = await screen.findByRole('table', { name: 'sca policies' });
  expect(within(policies).getByText('39%')).toBeTruthy();
  fireEvent.click(within(policies).getByRole('button', { name: 'Failed checks' }));
  const checks = await screen.findByLabelText('failed checks of cis_debian');
  expect((await within(checks).findByText(/^Remediation:/, { selector: 'strong' })).parentElement?.textContent).toContain('create a custom partition setup');
  expect(checks.textContent).toContain('cis 1.1.6');

  fireEvent.change(screen.getByLabelText('active response arguments'), { target: { value: '203.0.113.7' } });
  fireEvent.change(screen.getByLabelText('reason'), { target: { value: 'brute force from it' } });
  fireEvent.click(screen.getByRole('button', { name: 'Run active response' }));
  expect((await screen.findByRole('status', { name: 'response started' })).textContent).toContain('waits for approval');
  expect(api.posts()[0].body).toEqual({
    playbook: 'wazuh-active-response',
    inputs: { connection: 'soc', agents: ['001'], command: 'firewall-drop', arguments: ['203.0.113.7'], reason: 'brute force from it' },
  });
});

test('without run.start the page offers no response', async () => {
  session.permissions = ['wazuh.read'];
  fakeApi({
    'GET /api/v1/wazuh/soc/agents/001/sca': { body: { items: [], syncedAt: null } },
    'GET /api/v1/wazuh/soc/agents/001/alerts': { body: { items: [], nextCursor: null } },
    'GET /api/v1/wazuh/soc/agents/001/fim': { body: { items: [], total: 0, truncated: false, failed: [], fetchedAt: '2026-12-01T10:05:00Z' } },
    'GET /api/v1/wazuh/soc/agents/001': { body: agent('001', 'web-01') },
  });
  at('/wazuh/soc/agents/001', <AgentDetail />, '/wazuh/:connection/agents/:id');
  await screen.findByText('No SCA results for this agent yet.');
  expect(screen.queryByRole('button', { name: 'Restart agent' })).toBeNull();
});

test('the agent page shows its alerts newest first, pages to older ones, and searches its file-integrity records', async () => {
  session.permissions = ['wazuh.read'];
  const alert = (n: number, level: number) => ({
    time: `2026-12-01T10:0${n}:00Z`,
    eventId: `e${n}`,
    ruleId: String(5700 + n),
    level,
    description: `sshd: event ${n}`,
    groups: ['sshd', 'authentication_failed'],
    mitre: ['T1110'],
    location: '/var/log/auth.log',
    srcIp: '203.0.113.7',
    user: 'root',
  });
  const api = fakeApi({
    'GET /api/v1/wazuh/soc/agents/001/sca': { body: { items: [], syncedAt: null } },
    'GET /api/v1/wazuh/soc/agents/001/alerts?limit=25&cursor=c1': { body: { items: [alert(1, 3)], nextCursor: null } },
    'GET /api/v1/wazuh/soc/agents/001/alerts': { body: { items: [alert(3, 12), alert(2, 5)], nextCursor: 'c1' } },
    'GET /api/v1/wazuh/soc/agents/001/fim': (call) => ({
      body: {
        items: call.path.includes('search=%2Fetc')
          ? [{ file: '/etc/passwd', date: '2026-12-01T09:00:00Z', changes: 4, size: 2048, perm: '100644', uname: 'root', gname: 'root', sha256: 'ab'.repeat(32) }]
          : [
              { file: '/bin/ls', date: '2026-11-01T09:00:00Z', changes: 1 },
              { file: '/etc/passwd', date: '2026-12-01T09:00:00Z', changes: 4 },
            ],
        total: 2,
        truncated: false,
        failed: [],
        fetchedAt: '2026-12-01T10:05:00Z',
      },
    }),
    'GET /api/v1/wazuh/soc/agents/001': { body: agent('001', 'web-01') },
  });
  at('/wazuh/soc/agents/001', <AgentDetail />, '/wazuh/:connection/agents/:id');
  const timeline = await screen.findByRole('list', { name: 'alerts timeline' });
  expect(within(timeline).getAllByRole('listitem').map((li) => li.getAttribute('data-rule'))).toEqual(['5703', '5702']);
  expect(within(timeline).getByTitle('rule level 12 (critical)')).toBeTruthy();
  expect(timeline.textContent).toContain('T1110');
  fireEvent.click(screen.getByRole('button', { name: 'Older alerts' }));
  await within(timeline).findByText('sshd: event 1');
  expect(within(timeline).getAllByRole('listitem')).toHaveLength(3);
  expect(screen.queryByRole('button', { name: 'Older alerts' })).toBeNull();

  // file integrity: most recently changed first; a search asks the manager again
  const fim = await screen.findByRole('table', { name: 'file integrity' });
  expect([...fim.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-file'))).toEqual(['/etc/passwd', '/bin/ls']);
  fireEvent.change(screen.getByLabelText('File contains'), { target: { value: '/etc' } });
  fireEvent.click(screen.getByRole('button', { name: 'Search' }));
  await screen.findByText('abababababab…');
  expect(api.calls.some((c) => c.path === '/api/v1/wazuh/soc/agents/001/fim?search=%2Fetc')).toBe(true);
});
