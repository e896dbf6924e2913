import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { fakeApi } from '../../../test/fake-api';
import { SigmaImport } from './sigma-import';

const session = vi.hoisted(() => ({ permissions: [] as string[] }));
vi.mock('../../auth/session', () => ({ useSession: () => ({ can: (p: string) => session.permissions.includes(p) }) }));

const show = () =>
  render(
    <MemoryRouter initialEntries={['/detections/sigma']}>
      <Routes>
        <Route path="/detections/sigma" element={<SigmaImport />} />
        <Route path="/detections/:key" element={<p>editor of the rule</p>} />
      </Routes>
    </MemoryRouter>,
  );

afterEach(() => vi.unstubAllGlobals());

test('problems of an untranslatable rule are listed at their pointers', async () => {
  session.permissions = ['detection.read', 'detection.manage'];
  const api = fakeApi({
    'POST /api/v1/detections/sigma': {
      status: 422,
      body: {
        type: 'https://vigil.dev/problems/validation',
        title: 'The Sigma rule cannot be translated',
        status: 422,
        errors: [
          { pointer: '/detection/selection/CommandLine|re', message: "the modifier 're' is not supported", hint: 'use contains' },
          { pointer: '/logsource', message: 'no events match product: macos' },
        ],
      },
    },
  });
  show();
  fireEvent.change(screen.getByLabelText('Sigma rule (YAML)'), { target: { value: 'title: x\n' } });
  fireEvent.click(screen.getByRole('button', { name: 'Translate' }));
  const list = await screen.findByRole('region', { name: 'translation problems' });
  const items = within(list).getAllByRole('listitem').map((li) => li.textContent);
  expect(items).toEqual([
    "/detection/selection/CommandLine|re the modifier 're' is not supported — use contains",
    '/logsource no events match product: macos',
  ]);
  expect(api.calls[0]).toMatchObject({ path: '/api/v1/detections/sigma?dryRun=true', body: 'title: x\n', contentType: 'application/yaml' });
});

test('translate shows the Vigil rule; import and publish opens the published rule', async () => {
  session.permissions = ['detection.read', 'detection.manage'];
  const rule = { key: 'failed-logons', title: 'Failed logons', kind: 'match' };
  const api = fakeApi({
    'POST /api/v1/detections/sigma?dryRun=true': { body: { rule, published: null } },
    'POST /api/v1/detections/sigma': { body: { rule, published: { key: 'failed-logons', version: 1 } } },
  });
  show();
  fireEvent.click(screen.getByRole('button', { name: 'Translate' }));
  const shown = await screen.findByRole('region', { name: 'vigil rule' });
  expect(shown.textContent).toContain('"key": "failed-logons"');
  fireEvent.click(screen.getByRole('button', { name: 'Import and publish' }));
  await screen.findByText('editor of the rule');
  expect(api.calls.map((c) => c.path)).toEqual(['/api/v1/detections/sigma?dryRun=true', '/api/v1/detections/sigma']);
});

test('without detection.manage nothing can be translated or published', () => {
  session.permissions = ['detection.read'];
  fakeApi({});
  show();
  expect((screen.getByRole('button', { name: 'Translate' }) as HTMLButtonElement).disabled).toBe(true);
  expect(screen.queryByRole('button', { name: 'Import and publish' })).toBeNull();
  screen.getByText('Your role can read detection rules but not import them from Sigma.');
});
