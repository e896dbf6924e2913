import { duration, formatTime, timeLeft } from './format';

test('durations read as words at every scale', () => {
  expect(duration(5_000)).toBe('5s');
  expect(duration(65_000)).toBe('1m 05s');
  expect(duration(2 * 3600_000 + 60_000)).toBe('2h 01m');
  expect(duration(3 * 86400_000 + 4 * 3600_000)).toBe('3d 4h');
});

test('time left counts down and then says overdue', () => {
  const now = Date.parse('2026-01-01T10:00:00Z');
  expect(timeLeft('2026-01-01T10:04:05Z', now)).toBe('4m 05s left');
  expect(timeLeft('2026-01-01T09:59:48Z', now)).toBe('overdue by 12s');
  expect(timeLeft(null, now)).toBe('no deadline');
});

test('times are shown in the given timezone', () => {
  const t = '2026-01-01T10:00:00Z';
  expect(formatTime(t, 'Asia/Tokyo')).toContain('7:00:00');
  expect(formatTime(t, 'America/New_York')).toContain('5:00:00');
  expect(formatTime(null)).toBe('—');
});
