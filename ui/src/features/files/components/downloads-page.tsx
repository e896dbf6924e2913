import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { explainProblem } from '../../../lib/problems';
import { formatTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { Empty, ErrorState, Feedback, Loading } from '../../../components/states';
import { deleteFile, fileUsage, formatBytes, listFiles, signedLink, type FileFilters, type StoredFile } from '../api/files';
import { ReportsSection } from './reports-section';
import { UploadZone } from './upload-zone';

type SortKey = 'createdAt' | 'name' | 'size';

const FAMILIES = [
  { value: '', label: 'any type' },
  { value: 'application/pdf', label: 'PDF' },
  { value: 'text/', label: 'text (CSV, JSON, logs)' },
  { value: 'image/', label: 'images' },
  { value: 'application/zip', label: 'ZIP archives' },
];

/** Downloads: the tenant's file library (filters, sort, bulk actions), uploads and reports. */
export function DownloadsPage() {
  const { can } = useSession();
  const [filters, setFilters] = useState<FileFilters>({});
  const [draft, setDraft] = useState<FileFilters>({});
  const files = useLoad(() => listFiles(filters), [JSON.stringify(filters)]);
  const usage = useLoad(() => fileUsage(), []);
  const [more, setMore] = useState<StoredFile[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'createdAt', desc: true });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const all = useMemo(() => [...(files.data?.items ?? []), ...more], [files.data, more]);
  const next = cursor === undefined ? files.data?.nextCursor : cursor;
  const rows = useMemo(() => {
    const dir = sort.desc ? -1 : 1;
    return [...all].sort((a, b) => {
      const x = a[sort.key];
      const y = b[sort.key];
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * dir;
    });
  }, [all, sort]);

  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    setMore([]);
    setCursor(undefined);
    setSelected(new Set());
    setFilters({ ...draft, from: draft.from ? new Date(`${draft.from}T00:00:00Z`).toISOString() : undefined, to: draft.to ? new Date(`${draft.to}T00:00:00Z`).toISOString() : undefined });
  };
  const loadMore = async () => {
    if (!next) return;
    try {
      const page = await listFiles(filters, next);
      setMore((m) => [...m, ...page.items]);
      setCursor(page.nextCursor);
    } catch (x) {
      setProblem(explainProblem(x));
    }
  };
  const sortBy = (key: SortKey) => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== 'name' }));
  const arrow = (key: SortKey) => (sort.key === key ? (sort.desc ? ' ↓' : ' ↑') : '');
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.fileId));

  const downloadSelected = async () => {
    setProblem(null);
    try {
      // signed links: each is one audited download, and the browser needs no extra credentials
      for (const id of selected) {
        const link = await signedLink(id);
        const a = document.createElement('a');
        a.href = link.url;
        a.download = '';
        a.click();
      }
      setNotice(`${selected.size} download(s) started.`);
    } catch (x) {
      setProblem(explainProblem(x));
    }
  };
  const deleteSelected = async () => {
    if (!window.confirm(`Delete ${selected.size} file(s)? This cannot be undone.`)) return;
    setProblem(null);
    const failed: string[] = [];
    for (const id of selected) {
      try {
        await deleteFile(id);
      } catch (x) {
        failed.push(explainProblem(x));
      }
    }
    setSelected(new Set());
    setMore([]);
    setCursor(undefined);
    files.reload();
    usage.reload();
    if (failed.length) setProblem(failed[0]);
    else setNotice('Deleted.');
  };

  return (
    <section aria-labelledby="downloads-title">
      <header className="page-head">
        <h1 id="downloads-title">Downloads</h1>
      </header>
      {can('file.upload') && (
        <UploadZone
          usage={usage.data}
          onStored={(f) => {
            files.setData((page) => (page ? { ...page, items: [f, ...page.items.filter((o) => o.fileId !== f.fileId)] } : page));
            usage.reload();
          }}
        />
      )}
      <h2>Library</h2>
      <form aria-label="filter files" onSubmit={apply} className="filters">
        <label>
          Name
          <input value={draft.q ?? ''} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        </label>
        <label>
          Tag
          <input value={draft.tag ?? ''} onChange={(e) => setDraft({ ...draft, tag: e.target.value })} />
        </label>
        <label>
          Type
          <select value={draft.type ?? ''} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>
            {FAMILIES.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select value={draft.kind ?? ''} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
            <option value="">uploads and reports</option>
            <option value="upload">uploads</option>
            <option value="report">reports</option>
          </select>
        </label>
        <label>
          From
          <input type="date" value={draft.from ?? ''} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label>
          To
          <input type="date" value={draft.to ?? ''} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <Feedback notice={notice} problem={problem} />
      {selected.size > 0 && (
        <div className="bulk" aria-label="selected files">
          {selected.size} selected ·{' '}
          <button type="button" onClick={downloadSelected}>
            Download selected
          </button>{' '}
          {can('file.delete') && (
            <button type="button" onClick={deleteSelected}>
              Delete selected
            </button>
          )}
        </div>
      )}
      {files.loading && !files.data && <Loading what="files" />}
      {files.error != null && <ErrorState error={files.error} retry={files.reload} />}
      {files.data && rows.length === 0 && <Empty>No files match.</Empty>}
      {rows.length > 0 && (
        <table aria-label="files">
          <thead>
            <tr>
              <th>
                <input
                  type="checkbox"
                  aria-label="select all"
                  checked={allSelected}
                  onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.fileId)))}
                />
              </th>
              <th>
                <button type="button" className="link" onClick={() => sortBy('name')}>
                  Name{arrow('name')}
                </button>
              </th>
              <th>Type</th>
              <th>
                <button type="button" className="link" onClick={() => sortBy('size')}>
                  Size{arrow('size')}
                </button>
              </th>
              <th>Tags</th>
              <th>By</th>
              <th>
                <button type="button" className="link" onClick={() => sortBy('createdAt')}>
                  Added{arrow('createdAt')}
                </button>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => (
              <tr key={f.fileId}>
                <td>
                  <input type="checkbox" aria-label={`select ${f.name}`} checked={selected.has(f.fileId)} onChange={() => toggle(f.fileId)} />
                </td>
                <td>
                  <Link to={`/downloads/${f.fileId}`}>{f.name}</Link>
                  {f.kind === 'report' && <span className="badge"> report</span>}
                  {(f.dlp?.findings.length ?? 0) > 0 && <span className="badge sev-high"> sensitive data</span>}
                </td>
                <td>{f.contentType}</td>
                <td>{formatBytes(f.size)}</td>
                <td>{f.tags.join(', ')}</td>
                <td>{f.createdBy}</td>
                <td>{formatTime(f.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" onClick={loadMore}>
          Load more
        </button>
      )}
      {can('report.read') && <ReportsSection />}
    </section>
  );
}
