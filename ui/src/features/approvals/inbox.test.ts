import type { Run } from '../../lib/api-client';
import { stepsBefore } from './inbox';

const run = (steps: { id: string; status: string }[]) => ({ steps }) as unknown as Run;

test('the inbox shows the outputs of the steps that ran before the approval', () => {
  const r = run([
    { id: 'enrich', status: 'succeeded' },
    { id: 'skipped-check', status: 'skipped' },
    { id: 'approve', status: 'waiting' },
    { id: 'block', status: 'pending' },
  ]);
  expect(stepsBefore(r, 'approve').map((s) => s.id)).toEqual(['enrich', 'skipped-check']);
});

test('steps that have not started are left out', () => {
  const r = run([
    { id: 'a', status: 'pending' },
    { id: 'approve', status: 'waiting' },
  ]);
  expect(stepsBefore(r, 'approve')).toEqual([]);
});
