import { render, screen } from '@testing-library/react';
import { fakeApi } from '../test/fake-api';
import { describeAttack, forgetAttack, MitreChips } from './mitre-chips';

afterEach(() => {
  vi.unstubAllGlobals();
  forgetAttack();
});

const catalogue = {
  version: '18.1',
  techniques: [
    { id: 'T1110.001', name: 'Password Guessing', tactics: ['credential-access'], subtechniqueOf: 'T1110', deprecated: false, revoked: false, url: '' },
    { id: 'T1002', name: 'Data Compressed', tactics: ['exfiltration'], subtechniqueOf: null, deprecated: false, revoked: true, url: '' },
  ],
  tactics: [
    { id: 'TA0006', shortname: 'credential-access', name: 'Credential Access', url: '' },
    { id: 'TA0010', shortname: 'exfiltration', name: 'Exfiltration', url: '' },
  ],
};

test('chips name the technique and its tactics, fetching the catalogue once', async () => {
  const api = fakeApi({ 'GET /api/v1/attack': { body: catalogue } });
  render(
    <>
      <MitreChips ids={['T1110.001', 'TA0006']} />
      <MitreChips ids={['T1002', 'T9999']} />
    </>,
  );
  const guessing = await screen.findByText('T1110.001 Password Guessing');
  expect(guessing.getAttribute('title')).toBe('MITRE ATT&CK T1110.001: Password Guessing — Credential Access');
  expect(screen.getByText('TA0006 Credential Access')).toBeTruthy();
  expect(screen.getByText('T1002 Data Compressed').getAttribute('title')).toContain('(revoked)');
  expect(screen.getByText('T9999').getAttribute('title')).toBe('MITRE ATT&CK T9999'); // not in the catalogue: the id alone
  expect(api.calls.filter((c) => c.path === '/api/v1/attack')).toHaveLength(1);
});

test('without the catalogue an id reads as itself', () => {
  expect(describeAttack('T1110', null)).toEqual({ label: 'T1110', title: 'MITRE ATT&CK T1110' });
});
