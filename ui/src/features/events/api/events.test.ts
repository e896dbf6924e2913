import { eventsQuery } from './events';

test('the search sends the filters that are set, with the full-text query', () => {
  const q = new URLSearchParams(
    eventsQuery(new URLSearchParams('category=auth&type=authentication&outcome=failure&user=root&ip=203.0.113.7&q=Failed+password&as=ocsf&type2=x')),
  );
  expect([...q.entries()]).toEqual([
    ['category', 'auth'],
    ['type', 'authentication'],
    ['outcome', 'failure'],
    ['user', 'root'],
    ['ip', '203.0.113.7'],
    ['q', 'Failed password'],
    ['as', 'ocsf'],
    ['limit', '50'],
  ]);
});

test('canonical is the default representation and is not asked for; load more sends the cursor', () => {
  const q = new URLSearchParams(eventsQuery(new URLSearchParams('as=canonical&from=2026-03-01T10:00&q='), 'next-1'));
  expect(q.get('as')).toBeNull();
  expect(q.get('q')).toBeNull();
  expect(q.get('from')).toBe(new Date('2026-03-01T10:00').toISOString());
  expect(q.get('cursor')).toBe('next-1');
});
