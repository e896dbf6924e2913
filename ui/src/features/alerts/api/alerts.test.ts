import { alertsQuery, groupText } from './alerts';

test('the alerts query carries only the filters that are set', () => {
  const q = new URLSearchParams(alertsQuery(new URLSearchParams('rule=login-failures-per-source&severity=high&status=&entity=+203.0.113.7 ')));
  expect([...q.entries()]).toEqual([
    ['rule', 'login-failures-per-source'],
    ['severity', 'high'],
    ['entity', '203.0.113.7'],
    ['limit', '50'],
  ]);
});

test('the time range is sent as instants and the cursor pages on', () => {
  const from = '2026-03-01T10:00';
  const q = new URLSearchParams(alertsQuery(new URLSearchParams({ from, status: 'open' }), 'c2', 20));
  expect(q.get('from')).toBe(new Date(from).toISOString());
  expect(q.get('to')).toBeNull();
  expect(q.get('status')).toBe('open');
  expect(q.get('cursor')).toBe('c2');
  expect(q.get('limit')).toBe('20');
});

test('a group reads as field and value', () => {
  expect(groupText({ 'src.ip': '203.0.113.7', user: 'root' })).toBe('src.ip 203.0.113.7 · user root');
  expect(groupText(null)).toBe('');
});
