import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { act } from 'react';
import { fakeApi } from '../../../test/fake-api';
import { fakeXhr } from '../../../test/fake-xhr';
import { DownloadsPage } from './downloads-page';
import { FileDetail } from './file-detail';
import { precheck, type StoredFile, type Usage } from '../api/files';

const session = vi.hoisted(() => ({ permissions: [] as string[] }));
vi.mock('../../auth/session', () => ({
  useSession: () => ({ can: (p: string) => session.permissions.includes(p), me: { user: 'ana' } }),
}));
afterEach(() => vi.unstubAllGlobals());

const MiB = 1024 * 1024;
const usage: Usage = { usedBytes: 10 * MiB, quotaBytes: 50 * MiB, maxUploadBytes: 20 * MiB, allowedTypes: ['application/pdf', 'text/plain', 'text/csv', 'application/zip'] };

const stored = (over: Partial<StoredFile> = {}): StoredFile => ({
  fileId: 'f1',
  name: 'evidence.csv',
  size: 2048,
  contentType: 'text/csv',
  sha256: 'ab'.repeat(32),
  kind: 'upload',
  tags: ['case-42'],
  readPermission: null,
  createdBy: 'ana',
  createdAt: '2026-12-01T10:00:00Z',
  dlp: { scanned: true, findings: [] },
  downloads: [],
  ...over,
});

const fileOf = (name: string, size: number) => {
  const f = new File(['x'], name);
  Object.defineProperty(f, 'size', { value: size });
  return f;
};

const at = (path: string) =>
  render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/downloads" element={<DownloadsPage />} />
        <Route path="/downloads/:id" element={<FileDetail />} />
      </Routes>
    </MemoryRouter>,
  );

describe('the check before sending', () => {
  it('refuses what the server would refuse, and lets the server judge what only the content tells', () => {
    expect(precheck(fileOf('big.zip', 21 * MiB), usage)).toMatch(/Too large: 21 MiB, the limit is 20 MiB/);
    expect(precheck(fileOf('tool.exe', 1000), usage)).toMatch(/application\/x-msdownload are not stored/);
    expect(precheck(fileOf('page.html', 1000), usage)).toMatch(/text\/html/);
    expect(precheck(fileOf('a.zip', 15 * MiB), usage, 30 * MiB)).toMatch(/storage quota: 10 MiB left/);
    expect(precheck(fileOf('notes.csv', 1000), usage)).toBeNull();
    expect(precheck(fileOf('capture.bin', 1000), usage)).toBeNull();
    expect(precheck(fileOf('empty.txt', 0), usage)).toMatch(/empty/);
  });
});

describe('Downloads', () => {
  it('uploads dropped files one by one with progress, refusing the oversized one without sending it', async () => {
    session.permissions = ['file.read', 'file.upload'];
    fakeApi({
      'GET /api/v1/files/usage': { body: usage },
      'GET /api/v1/files': { body: { items: [], nextCursor: null } },
    });
    const xhrs = fakeXhr();
    at('/downloads');
    expect((await screen.findByTestId('limits')).textContent).toContain('Up to 20 MiB a file · 10 MiB of 50 MiB used');
    fireEvent.change(screen.getByLabelText('Tags for these uploads'), { target: { value: 'case-42, evidence' } });
    fireEvent.drop(screen.getByTestId('dropzone'), { dataTransfer: { files: [fileOf('huge.zip', 30 * MiB), fileOf('evidence.csv', 2048)] } });
    const uploads = screen.getByRole('list', { name: 'uploads' });
    expect(within(uploads).getByText(/huge.zip/).closest('li')?.getAttribute('data-state')).toBe('refused');
    expect(xhrs).toHaveLength(1);
    expect(xhrs[0].url).toBe('/api/v1/files');
    expect((xhrs[0].body!.get('file') as File).name).toBe('evidence.csv');
    expect(xhrs[0].body!.getAll('tags')).toEqual(['case-42', 'evidence']);
    act(() => xhrs[0].progress(1024, 2048));
    expect(screen.getByLabelText('uploading evidence.csv')?.getAttribute('value')).toBe('50');
    await act(async () => xhrs[0].answer(201, stored({ dlp: { scanned: true, findings: [{ pattern: 'payment_card', count: 1, firstLine: 3, sample: '4111********1111' }] } })));
    expect(within(uploads).getByText(/evidence.csv/).closest('li')?.getAttribute('data-state')).toBe('stored');
    expect(within(uploads).getByText(/sensitive data found: payment_card/)).toBeTruthy();
    expect(within(screen.getByRole('table', { name: 'files' })).getByRole('link', { name: 'evidence.csv' })?.getAttribute('href')).toBe('/downloads/f1');
  });

  it('shows a refusal by the server (the content was an executable) on that file only', async () => {
    session.permissions = ['file.read', 'file.upload'];
    fakeApi({ 'GET /api/v1/files/usage': { body: usage }, 'GET /api/v1/files': { body: { items: [], nextCursor: null } } });
    const xhrs = fakeXhr();
    at('/downloads');
    await screen.findByTestId('limits');
    fireEvent.drop(screen.getByTestId('dropzone'), { dataTransfer: { files: [fileOf('report.pdf', 4096)] } });
    await act(async () =>
      xhrs[0].answer(415, { status: 415, type: 'https://vigil.dev/problems/unsupported-type', detail: 'the content is application/x-msdownload, which is not stored here' }),
    );
    const item = within(screen.getByRole('list', { name: 'uploads' })).getByText(/report.pdf/).closest('li')!;
    expect(item?.getAttribute('data-state')).toBe('failed');
    expect(item?.textContent).toContain('application/x-msdownload');
  });

  it('filters through the API, sorts, and deletes the selected files for admins only', async () => {
    session.permissions = ['file.read', 'file.delete'];
    const api = fakeApi({
      'GET /api/v1/files/usage': { body: usage },
      'GET /api/v1/files': {
        body: { items: [stored({ fileId: 'a', name: 'a.csv', size: 10 }), stored({ fileId: 'b', name: 'b.pdf', size: 3000, contentType: 'application/pdf', kind: 'report' })], nextCursor: null },
      },
      'DELETE /api/v1/files/': { status: 204, body: null },
    });
    vi.stubGlobal('confirm', () => true);
    at('/downloads');
    const table = await screen.findByRole('table', { name: 'files' });
    fireEvent.change(screen.getByLabelText('Tag'), { target: { value: 'case-42' } });
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'report' } });
    fireEvent.click(screen.getByRole('button', { name: 'Filter' }));
    expect(api.calls.some((c) => c.path.startsWith('/api/v1/files?') && c.path.includes('tag=case-42') && c.path.includes('kind=report'))).toBe(true);
    await screen.findByRole('table', { name: 'files' });
    fireEvent.click(within(screen.getByRole('table', { name: 'files' })).getByRole('button', { name: /Size/ }));
    const names = () => within(screen.getByRole('table', { name: 'files' })).getAllByRole('link').map((l) => l.textContent);
    expect(names()).toEqual(['b.pdf', 'a.csv']);
    fireEvent.click(within(screen.getByRole('table', { name: 'files' })).getByRole('button', { name: /Size/ }));
    expect(names()).toEqual(['a.csv', 'b.pdf']);
    fireEvent.click(screen.getByLabelText('select all'));
    expect(screen.getByLabelText('selected files')?.textContent).toContain('2 selected');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Delete selected' })));
    expect(api.calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/api/v1/files/a', '/api/v1/files/b']);
    expect(table).toBeDefined();
  });

  it('offers no delete to those who may not delete', async () => {
    session.permissions = ['file.read'];
    fakeApi({ 'GET /api/v1/files/usage': { body: usage }, 'GET /api/v1/files': { body: { items: [stored()], nextCursor: null } } });
    at('/downloads');
    fireEvent.click(await screen.findByLabelText('select evidence.csv'));
    expect(screen.getByRole('button', { name: 'Download selected' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Delete selected' })).toBeNull();
    expect(screen.queryByLabelText('upload files')).toBeNull();
  });

  it('asks for a report and shows it generated, with its file', async () => {
    session.permissions = ['file.read', 'report.read', 'report.create', 'incident.read'];
    let reports = [] as unknown[];
    const api = fakeApi({
      'GET /api/v1/files/usage': { body: usage },
      'GET /api/v1/files': { body: { items: [], nextCursor: null } },
      'GET /api/v1/reports': () => ({ body: { items: reports, nextCursor: null } }),
      'GET /api/v1/report-schedules': { body: { items: [] } },
      'POST /api/v1/reports': (c) => {
        const r = { reportId: 'r1', ...(c.body as object), status: 'succeeded', requestedBy: 'ana', createdAt: '2026-12-01T10:00:00Z', startedAt: null, endedAt: null, fileId: 'f9', size: 40960, pages: 4, error: null };
        reports = [r];
        return { status: 202, body: r };
      },
    });
    at('/downloads');
    const form = await screen.findByRole('form', { name: 'new report' });
    expect(within(form).queryByRole('option', { name: /Audit report/ })).toBeNull();
    fireEvent.change(within(form).getByLabelText('From (UTC day)'), { target: { value: '2026-11-01' } });
    fireEvent.change(within(form).getByLabelText(/To \(UTC day/), { target: { value: '2026-12-01' } });
    await act(async () => fireEvent.click(within(form).getByRole('button', { name: 'Generate report' })));
    expect(api.posts().find((c) => c.path === '/api/v1/reports')!.body).toEqual({
      type: 'executive_summary',
      format: 'pdf',
      params: { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
    });
    const row = within(screen.getByRole('table', { name: 'reports' })).getAllByRole('row')[1];
    expect(row?.textContent).toContain('succeeded');
    expect(within(row).getByRole('link')?.getAttribute('href')).toBe('/downloads/f9');
    expect(row?.textContent).toContain('40 KiB · 4 page(s)');
  });
});

describe('a file', () => {
  it('shows its hash, DLP findings and who downloaded it', async () => {
    session.permissions = ['file.read'];
    fakeApi({
      'GET /api/v1/files/f1': {
        body: stored({
          dlp: { scanned: true, findings: [{ pattern: 'aws_access_key', count: 2, firstLine: 7, sample: 'AKIA************MPLE' }] },
          downloads: [{ at: '2026-12-01T11:00:00Z', by: 'vic', via: 'link', ip: '10.0.0.9' }],
        }),
      },
      'POST /api/v1/files/f1/link': { body: { url: '/api/v1/files/links/tok', expiresAt: '2026-12-01T11:05:00Z' } },
    });
    at('/downloads/f1');
    expect((await screen.findByTestId('sha256')).textContent).toContain('ab'.repeat(32));
    expect(within(screen.getByRole('table', { name: 'sensitive data' })).getByText('aws_access_key')).toBeTruthy();
    expect(within(screen.getByRole('table', { name: 'downloads' })).getByText('vic')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Signed link' })));
    expect(screen.getByTestId('signed-link')?.textContent).toContain('/api/v1/files/links/tok');
  });
});

describe('report schedules', () => {
  const weekly = {
    name: 'weekly-summary',
    type: 'executive_summary',
    format: 'pdf',
    period: 'week',
    connection: 'mail',
    to: ['ciso@acme.example', 'soc@acme.example'],
    cron: '0 0 8 * * MON',
    everySeconds: 0,
    timezone: 'Europe/Berlin',
    paused: false,
    nextRunAt: '2026-12-07T07:00:00Z',
    lastRunAt: null,
    lastReportId: null,
    lastError: null,
    createdBy: 'ana',
  };

  it('adds a weekly summary e-mailed to two addresses, points at a bad one, and sends it now', async () => {
    session.permissions = ['file.read', 'report.read', 'report.create', 'incident.read'];
    let schedules = [] as unknown[];
    let reports = [] as unknown[];
    const api = fakeApi({
      'GET /api/v1/files/usage': { body: usage },
      'GET /api/v1/files': { body: { items: [], nextCursor: null } },
      'GET /api/v1/reports': () => ({ body: { items: reports, nextCursor: null } }),
      'GET /api/v1/report-schedules': () => ({ body: { items: schedules } }),
      'POST /api/v1/report-schedules': (c) => {
        const to = (c.body as { to: string[] }).to;
        if (to.some((a) => !a.includes('@'))) {
          return {
            status: 422,
            body: { status: 422, type: 'https://vigil.dev/problems/validation', title: 'Unprocessable', detail: 'the schedule has 1 error(s)', errors: [{ pointer: '/to/1', message: `'${to[1]}' is not an address` }] },
          };
        }
        schedules = [weekly];
        return { status: 201, body: weekly };
      },
      'POST /api/v1/report-schedules/weekly-summary/run': () => {
        reports = [
          {
            reportId: 'r7',
            type: 'executive_summary',
            params: { from: '2026-11-23T07:00:00Z', to: '2026-11-30T07:00:00Z' },
            format: 'pdf',
            status: 'succeeded',
            requestedBy: 'schedule:weekly-summary',
            createdAt: '2026-12-01T10:00:00Z',
            startedAt: null,
            endedAt: null,
            fileId: 'f7',
            size: 4096,
            pages: 3,
            error: null,
            schedule: 'weekly-summary',
            deliveredTo: ['ciso@acme.example', 'soc@acme.example'],
            deliveredAt: '2026-12-01T10:00:05Z',
            deliveryError: null,
          },
        ];
        return { status: 202, body: null };
      },
    });
    at('/downloads');
    const form = await screen.findByRole('form', { name: 'new report schedule' });
    expect(within(form).queryByRole('option', { name: /Audit report/ })).toBeNull();
    fireEvent.change(within(form).getByLabelText('Schedule name'), { target: { value: 'weekly-summary' } });
    fireEvent.change(within(form).getByLabelText('E-mail connection (smtp)'), { target: { value: 'mail' } });
    fireEvent.change(within(form).getByLabelText('Report timezone'), { target: { value: 'Europe/Berlin' } });
    fireEvent.change(within(form).getByLabelText('Send to (comma-separated)'), { target: { value: 'ciso@acme.example, soc' } });
    await act(async () => fireEvent.click(within(form).getByRole('button', { name: 'Add report schedule' })));
    expect(screen.getByText(/'soc' is not an address/)).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Send to (comma-separated)'), { target: { value: 'ciso@acme.example, soc@acme.example' } });
    await act(async () => fireEvent.click(within(form).getByRole('button', { name: 'Add report schedule' })));
    expect(api.posts().filter((c) => c.path === '/api/v1/report-schedules').pop()!.body).toEqual({
      name: 'weekly-summary',
      type: 'executive_summary',
      format: 'pdf',
      period: 'week',
      connection: 'mail',
      to: ['ciso@acme.example', 'soc@acme.example'],
      cron: '0 0 8 * * MON',
      timezone: 'Europe/Berlin',
    });
    const table = await screen.findByRole('table', { name: 'report schedules' });
    const row = within(table).getAllByRole('row')[1];
    expect(row?.textContent).toContain('ciso@acme.example, soc@acme.example via mail');
    expect(row?.textContent).toContain('the week before');
    await act(async () => fireEvent.click(within(row).getByRole('button', { name: 'Send now' })));
    expect(screen.getByText('Schedule weekly-summary is sending its report now.')).toBeTruthy();
  });

  it('shows a scheduled report e-mailed, or why it was not', async () => {
    session.permissions = ['file.read', 'report.read', 'incident.read'];
    const report = (over: object) => ({
      reportId: 'r8',
      type: 'executive_summary',
      params: { from: '2026-11-23T07:00:00Z', to: '2026-11-30T07:00:00Z' },
      format: 'pdf',
      status: 'succeeded',
      requestedBy: 'schedule:weekly-summary',
      createdAt: '2026-12-01T10:00:00Z',
      startedAt: null,
      endedAt: null,
      fileId: 'f8',
      size: 4096,
      pages: 3,
      error: null,
      schedule: 'weekly-summary',
      deliveredTo: null,
      deliveredAt: null,
      deliveryError: null,
      ...over,
    });
    fakeApi({
      'GET /api/v1/files/usage': { body: usage },
      'GET /api/v1/files': { body: { items: [], nextCursor: null } },
      'GET /api/v1/reports': {
        body: { items: [report({ deliveredTo: ['ciso@acme.example'] }), report({ reportId: 'r9', deliveryError: 'SMTP server 127.0.0.1 refused the login' })], nextCursor: null },
      },
      'GET /api/v1/report-schedules': { body: { items: [weekly] } },
    });
    at('/downloads');
    const rows = within(await screen.findByRole('table', { name: 'reports' })).getAllByRole('row');
    expect(rows[1]?.textContent).toContain('e-mailed to ciso@acme.example');
    expect(rows[2]?.textContent).toContain('not e-mailed: SMTP server 127.0.0.1 refused the login');
    const schedules = await screen.findByRole('table', { name: 'report schedules' });
    expect(within(schedules).queryByRole('button', { name: 'Send now' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'new report schedule' })).toBeNull();
  });

  it('shows how long each report is kept, the expired ones without their file, and filters by status', async () => {
    session.permissions = ['file.read', 'report.read', 'incident.read'];
    const base = {
      type: 'executive_summary',
      params: { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' },
      format: 'pdf',
      requestedBy: 'ana',
      createdAt: '2026-12-01T10:00:00Z',
      startedAt: '2026-12-01T10:00:00Z',
      endedAt: '2026-12-01T10:00:02Z',
      size: 4096,
      pages: 3,
      error: null,
      schedule: null,
      deliveredTo: null,
      deliveredAt: null,
      deliveryError: null,
    };
    const kept = { ...base, reportId: 'r1', status: 'succeeded', fileId: 'f1', expiresAt: '2026-12-31T10:00:02Z', expiredAt: null };
    const gone = { ...base, reportId: 'r2', status: 'expired', fileId: null, expiresAt: null, expiredAt: '2026-11-20T03:00:00Z' };
    const api = fakeApi({
      'GET /api/v1/files/usage': { body: usage },
      'GET /api/v1/files': { body: { items: [], nextCursor: null } },
      'GET /api/v1/settings': { body: { timezone: 'UTC', retentionDays: 30, sourceSilence: {}, agentDisconnectedAfter: '1h', reportRetentionDays: 30 } },
      'GET /api/v1/reports?limit=50&status=expired': { body: { items: [gone], nextCursor: null } },
      'GET /api/v1/reports': { body: { items: [kept, gone], nextCursor: null } },
      'GET /api/v1/report-schedules': { body: { items: [] } },
    });
    at('/downloads');
    const rows = within(await screen.findByRole('table', { name: 'reports' })).getAllByRole('row');
    expect(rows[1]?.textContent).toContain('until');
    expect(within(rows[1]!).getByRole('link').getAttribute('href')).toBe('/downloads/f1');
    expect(rows[2]?.textContent).toContain('expired');
    expect(rows[2]?.textContent).toContain('file deleted');
    expect(rows[2]?.textContent).toContain('4.0 KiB (deleted)');
    expect(within(rows[2]!).queryByRole('link')).toBeNull();
    expect((await screen.findByLabelText('report retention')).textContent).toContain('kept 30 days');
    await act(async () => fireEvent.change(screen.getByLabelText('report status'), { target: { value: 'expired' } }));
    expect(api.calls.some((c) => c.path === '/api/v1/reports?limit=50&status=expired')).toBe(true);
    expect(within(await screen.findByRole('table', { name: 'reports' })).getAllByRole('row')).toHaveLength(2);
  });
});
