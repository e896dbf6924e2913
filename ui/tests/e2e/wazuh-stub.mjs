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
      if (req.method === 'GET' && (m = path.match(/^\/syscheck\/(\d+)$/))) {
        // the records of the example in Wazuh's API reference for GET /syscheck/{agent_id}
        const files = [
          { file: '/etc/dpkg/origins/debian', date: '2019-11-22T10:24:52Z', mtime: '2009-02-02T23:06:58Z', changes: 1, size: 82, perm: '100644', uname: 'root', gname: 'root', uid: '0', gid: '0', inode: 1459742, type: 'file', md5: '731423fa8ba067262f8ef37882d1e742', sha1: 'b65f7f2af66c53b51765877bbe91a22bc6fca1e2', sha256: '50f35af8ac4a5df3690991a4b428fa49d56580b0020fcc6e38283b3b1b2e6c74', attributes: '' },
          { file: '/etc/sgml/xml-core.cat', date: '2019-11-22T10:24:56Z', mtime: '2012-11-07T21:44:21Z', changes: 1, size: 45, perm: '100644', uname: 'root', gname: 'root', uid: '0', gid: '0', inode: 2896763, type: 'file', md5: '055ba0bd3154c0a58b9bf8a0c9ecf2fa', sha1: '3dec5570307472381671ff18bbe4d4be09951690', sha256: '3c46704b553c4b55ce928ffe89badfcfd08a02f0e6558211dfd57d9ae1e72aa4', attributes: '' },
        ];
        const search = url.searchParams.get('search');
        return send(200, envelope(search ? files.filter((f) => f.file.includes(search)) : files, 'FIM findings of the agent were returned'));
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
