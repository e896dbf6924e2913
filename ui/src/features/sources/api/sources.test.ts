import { intervalText, sortSources, type Source } from './sources';

const source = (format: string, system: string, silent: boolean): Source => ({
  format,
  system,
  silent,
  firstEvent: null,
  lastEvent: null,
  eventsLastHour: 0,
  eventsLastDay: 0,
  expectedInterval: 'PT1H',
});

test('silent sources come first', () => {
  const sorted = sortSources([source('syslog-sshd', 'b', false), source('windows-security', 'dc1', true), source('syslog-sshd', 'a', false)]);
  expect(sorted.map((s) => `${s.format}/${s.system}`)).toEqual(['windows-security/dc1', 'syslog-sshd/a', 'syslog-sshd/b']);
});

test('expected intervals read as durations', () => {
  expect(intervalText('PT1H')).toBe('1h');
  expect(intervalText('PT1H30M')).toBe('1h 30m');
  expect(intervalText('P1D')).toBe('1d');
  expect(intervalText('15m')).toBe('15m');
  expect(intervalText(null)).toBe('—');
});
