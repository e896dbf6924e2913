// A Wazuh manager for the browser tests, answering from Wazuh's own API mocks
// (shared/datasets/wazuh/api-mocks). The Java contract tests check the requests against Wazuh's
// OpenAPI spec; this one only has to answer as the manager does.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function wazuhStub(datasets, user, password) {
  const mocks = join(datasets, 'wazuh/api-mocks');
  const mock = (f) => JSON.parse(readFileSync(join(mocks, f), 'utf8'));
  const agents = [
    ...mock('agents/agent/agents.json').data.affected_items,
    ...mock('agents/agent/agent-windows.json').data.affected_items,
  ].map((a, i) => ({ ...a, id: String(i).padStart(3, '0') }));
  const requests = [];
  const token = 'e30.' + Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url') + '.sig';
  const envelope = (items, message) => ({
    data: { affected_items: items, total_affected_items: items.length, total_failed_items: 0, failed_items: [] },
    message,
    error: 0,
  });
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const url = new URL(req.url, 'http://stub');
      requests.push(`${req.method} ${url.pathname}${url.search}`);
      const send = (status, json) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      const path = url.pathname;
      if (req.method === 'POST' && path === '/security/user/authenticate') {
        const ok = req.headers.authorization === 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
        return ok ? send(200, { data: { token }, error: 0 }) : send(401, { title: 'Unauthorized', detail: 'Invalid credentials' });
      }
      if (req.headers.authorization !== `Bearer ${token}`) return send(401, { title: 'Unauthorized', detail: 'Invalid token' });
      if (req.method === 'GET' && path === '/manager/info') return send(200, mock('manager/info.json'));
      if (req.method === 'GET' && path === '/agents') {
        const offset = Number(url.searchParams.get('offset') ?? 0);
        const limit = Number(url.searchParams.get('limit') ?? 500);
        const ids = (url.searchParams.get('agents_list') ?? '').split(',').filter(Boolean);
        const all = ids.length ? agents.filter((a) => ids.includes(a.id)) : agents;
        const r = envelope(all.slice(offset, offset + limit), 'All selected agents information was returned');
        r.data.total_affected_items = all.length;
        return send(200, r);
      }
      let m;
      if (req.method === 'GET' && (m = path.match(/^\/sca\/(\d+)\/checks\/[^/]+$/))) return send(200, mock('sca/policy_checks_failed.json'));
      if (req.method === 'GET' && (m = path.match(/^\/sca\/(\d+)$/))) {
        return send(
          200,
          envelope(
            [{ policy_id: 'cis_debian', name: 'CIS Benchmark for Debian', description: 'CIS Debian', score: 39, pass: 56, fail: 87, invalid: 48, total_checks: 191, end_scan: '2026-12-01T08:07:02+00:00' }],
            'All selected SCA information was returned',
          ),
        );
      }
      if (req.method === 'PUT' && path === '/active-response') {
        return send(200, envelope((url.searchParams.get('agents_list') ?? '').split(','), 'AR command was sent to all agents'));
      }
      send(404, { title: 'Not Found', detail: `no stub route for ${req.method} ${path}` });
    });
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => ok({ url: `http://127.0.0.1:${server.address().port}`, requests, close: () => server.close() })),
  );
}
