import { incidentsQuery, matchesFilters, nextStatuses, type Incident } from './incidents';

test('the queue asks for open incidents unless told otherwise', () => {
  expect(incidentsQuery(new URLSearchParams())).toBe('status=open&limit=50');
  expect(incidentsQuery(new URLSearchParams('status=any&severity=high'))).toBe('severity=high&limit=50');
});

test('only the filters that are set are sent, trimmed, with the cursor', () => {
  const q = new URLSearchParams(incidentsQuery(new URLSearchParams('status=new&assignee=+ana+&tag=&breached=true&q=brute'), 'c9', 20));
  expect([...q.entries()]).toEqual([
    ['status', 'new'],
    ['assignee', 'ana'],
    ['breached', 'true'],
    ['q', 'brute'],
    ['limit', '20'],
    ['cursor', 'c9'],
  ]);
});

const item = { status: 'acknowledged', severity: 'high', assignee: 'ana', tags: ['vpn'], sla: { breached: false } } as unknown as Incident;

test('a changed incident leaves a queue whose filters it no longer fits', () => {
  expect(matchesFilters(item, new URLSearchParams())).toBe(true);
  expect(matchesFilters({ ...item, status: 'resolved' }, new URLSearchParams())).toBe(false);
  expect(matchesFilters({ ...item, status: 'resolved' }, new URLSearchParams('status=any'))).toBe(true);
  expect(matchesFilters(item, new URLSearchParams('status=new'))).toBe(false);
  expect(matchesFilters(item, new URLSearchParams('assignee=ben'))).toBe(false);
  expect(matchesFilters(item, new URLSearchParams('breached=true'))).toBe(false);
  expect(matchesFilters(item, new URLSearchParams('tag=vpn&severity=high'))).toBe(true);
});

test('the lifecycle only goes forward, except reopening', () => {
  expect(nextStatuses('acknowledged')).toEqual(['in_progress', 'contained', 'resolved', 'closed']);
  expect(nextStatuses('resolved')).toEqual(['in_progress', 'closed']);
});
