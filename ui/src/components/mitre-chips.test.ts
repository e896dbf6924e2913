import { mitreUrl } from './mitre-chips';

test('sub-techniques link to their own ATT&CK page', () => {
  expect(mitreUrl('T1110.001')).toBe('https://attack.mitre.org/techniques/T1110/001/');
  expect(mitreUrl('T1110')).toBe('https://attack.mitre.org/techniques/T1110/');
  expect(mitreUrl('t1059.003')).toBe('https://attack.mitre.org/techniques/T1059/003/');
});

test('tactics link to the tactic page', () => {
  expect(mitreUrl('TA0006')).toBe('https://attack.mitre.org/tactics/TA0006/');
});
