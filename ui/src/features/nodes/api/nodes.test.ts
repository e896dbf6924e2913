import { sortNodes, summary, type VigilNode } from './nodes';

const node = (kind: 'api' | 'worker', host: string, state: 'alive' | 'lost', health = 'UP'): VigilNode => ({
  id: `${host}:1:${kind}`,
  kind,
  version: '0.1.0',
  host,
  pid: 1,
  startedAt: '2026-12-01T10:00:00Z',
  heartbeatAt: '2026-12-01T10:05:00Z',
  state,
  health,
  taskQueues: [],
  details: {},
});

test('lost and unhealthy nodes come first, then api before worker', () => {
  const sorted = sortNodes([node('worker', 'w1', 'alive'), node('api', 'a1', 'alive'), node('worker', 'w2', 'lost'), node('worker', 'w3', 'alive', 'DOWN')]);
  expect(sorted.map((n) => n.host)).toEqual(['w2', 'w3', 'a1', 'w1']);
});

test('the summary counts alive, lost and unhealthy nodes', () => {
  expect(summary([node('api', 'a', 'alive'), node('worker', 'w', 'alive')])).toBe('2 alive');
  expect(summary([node('api', 'a', 'alive'), node('worker', 'w', 'lost'), node('worker', 'x', 'alive', 'DOWN')])).toBe('2 alive · 1 lost · 1 unhealthy');
});
