import { eventRow } from './event-row';

test('a canonical event gives its own columns', () => {
  const r = eventRow({
    id: 'e1',
    time: '2026-12-10T06:55:46Z',
    type: 'authentication',
    outcome: 'failure',
    actor: { type: 'user', name: 'root', domain: null },
    src: { ip: '203.0.113.7', port: 46821 },
    message: 'Failed password for root',
  });
  expect(r).toEqual({
    id: 'e1',
    time: '2026-12-10T06:55:46Z',
    type: 'authentication',
    outcome: 'failure',
    actor: 'root',
    src: '203.0.113.7:46821',
    message: 'Failed password for root',
  });
});

test('ECS and OCSF documents fill the same columns', () => {
  const ecs = eventRow({
    '@timestamp': '2026-12-10T06:55:46Z',
    event: { id: 'e2', outcome: 'failure', type: ['start'] },
    user: { name: 'alice', domain: 'CORP' },
    source: { ip: '198.51.100.4' },
    message: 'm',
  });
  expect(ecs).toMatchObject({ id: 'e2', outcome: 'failure', type: 'start', actor: 'CORP\\alice', src: '198.51.100.4' });
  const ocsf = eventRow({
    time: Date.UTC(2026, 11, 10, 6, 55, 46),
    class_name: 'Authentication',
    status: 'Failure',
    metadata: { uid: 'e3' },
    actor: { user: { name: 'bob' } },
    src_endpoint: { ip: '192.0.2.1', port: 22 },
  });
  expect(ocsf).toMatchObject({ id: 'e3', time: '2026-12-10T06:55:46.000Z', type: 'Authentication', outcome: 'failure', actor: 'bob', src: '192.0.2.1:22' });
});
