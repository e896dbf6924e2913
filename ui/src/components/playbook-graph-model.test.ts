import { stepIds, toGraph } from './playbook-graph-model';

test('branches, loops and parallel lanes become lanes of their step', () => {
  const g = toGraph({
    steps: [
      { id: 'ask', approval: { prompt: 'Block?' } },
      { id: 'check', if: '${{ x }}', then: [{ id: 'block', action: 'http.request' }], else: [] },
      { id: 'each', forEach: '${{ inputs.hosts }}', concurrency: 3, do: [{ id: 'scan', action: 'core.log' }] },
      { id: 'both', parallel: [[{ id: 'p1', action: 'core.echo' }], [{ id: 'p2', action: 'core.echo' }]], join: 'any' },
      { id: 'route', switch: '${{ r }}', cases: { high: [{ id: 'page', action: 'core.log' }] }, default: [] },
    ],
  });
  expect(g.map((n) => n.kind)).toEqual(['approval', 'if', 'forEach', 'parallel', 'switch']);
  expect(g[0].label).toBe('Block?');
  expect(g[1].lanes.map((l) => l.label)).toEqual(['then', 'else']);
  expect(g[2].label).toBe('for each ${{ inputs.hosts }}, 3 at a time');
  expect(g[3].label).toBe('parallel (first to finish)');
  expect(g[3].lanes).toHaveLength(2);
  expect(g[4].lanes.map((l) => l.label)).toEqual(['high', 'default']);
  expect(stepIds(g)).toEqual(['ask', 'check', 'block', 'each', 'scan', 'both', 'p1', 'p2', 'route', 'page']);
});

test('a half-typed definition draws what it can', () => {
  expect(toGraph(null)).toEqual([]);
  expect(toGraph({ steps: [{ id: 'x' }, 42] }).map((n) => n.kind)).toEqual(['unknown', 'unknown']);
});
