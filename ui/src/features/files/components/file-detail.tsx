import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { explainProblem } from '../../../lib/problems';
import { formatTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';
import { ErrorState, Feedback, Loading } from '../../../components/states';
import { deleteFile, downloadUrl, formatBytes, getFile, signedLink } from '../api/files';

/** One file: what it is (hash, size, type, tags, who added it), its DLP result and its downloads. */
export function FileDetail() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const navigate = useNavigate();
  const file = useLoad(() => getFile(id), [id]);
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  if (file.loading && !file.data) return <Loading what="the file" />;
  if (file.error != null || !file.data) return <ErrorState error={file.error} retry={file.reload} />;
  const f = file.data;

  const share = async () => {
    setProblem(null);
    try {
      setLink(await signedLink(f.fileId));
    } catch (x) {
      setProblem(explainProblem(x));
    }
  };
  const remove = async () => {
    if (!window.confirm(`Delete ${f.name}? This cannot be undone.`)) return;
    try {
      await deleteFile(f.fileId);
      navigate('/downloads');
    } catch (x) {
      setProblem(explainProblem(x));
    }
  };

  return (
    <section aria-labelledby="file-title">
      <header className="page-head">
        <h1 id="file-title">{f.name}</h1>
      </header>
      <p className="muted">
        <Link to="/downloads">all files</Link>
      </p>
      <dl className="facts" aria-label="file facts">
        <dt>Size</dt>
        <dd>
          {formatBytes(f.size)} ({f.size.toLocaleString('en')} bytes)
        </dd>
        <dt>Type</dt>
        <dd>{f.contentType} (read from the content)</dd>
        <dt>SHA-256</dt>
        <dd>
          <code data-testid="sha256">{f.sha256}</code>
        </dd>
        <dt>Kind</dt>
        <dd>{f.kind === 'report' ? `generated report${f.readPermission ? `, readable with ${f.readPermission}` : ''}` : 'upload'}</dd>
        <dt>Tags</dt>
        <dd>{f.tags.length ? f.tags.join(', ') : '—'}</dd>
        <dt>Added</dt>
        <dd>
          {formatTime(f.createdAt)} by {f.createdBy}
        </dd>
      </dl>
      <p>
        <a href={downloadUrl(f.fileId)} download>
          Download
        </a>{' '}
        ·{' '}
        <button type="button" className="link" onClick={share}>
          Signed link
        </button>
        {can('file.delete') && (
          <>
            {' '}
            ·{' '}
            <button type="button" className="link" onClick={remove}>
              Delete
            </button>
          </>
        )}
      </p>
      {link && (
        <p data-testid="signed-link">
          <code>{new URL(link.url, window.location.origin).toString()}</code> — works without signing in until {formatTime(link.expiresAt)}
        </p>
      )}
      <Feedback problem={problem} />
      <h2>Sensitive data</h2>
      {!f.dlp?.scanned && <p className="muted">Not scanned: the content is not text.</p>}
      {f.dlp?.scanned && f.dlp.findings.length === 0 && <p>None found.</p>}
      {f.dlp?.scanned && f.dlp.findings.length > 0 && (
        <table aria-label="sensitive data">
          <thead>
            <tr>
              <th>Pattern</th>
              <th>Count</th>
              <th>First line</th>
              <th>Sample (masked)</th>
            </tr>
          </thead>
          <tbody>
            {f.dlp.findings.map((d) => (
              <tr key={d.pattern}>
                <td>{d.pattern}</td>
                <td>{d.count}</td>
                <td>{d.firstLine}</td>
                <td>
                  <code>{d.sample}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Downloads</h2>
      {(f.downloads ?? []).length === 0 ? (
        <p className="muted">Nobody has downloaded it yet.</p>
      ) : (
        <table aria-label="downloads">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>How</th>
              <th>From</th>
            </tr>
          </thead>
          <tbody>
            {(f.downloads ?? []).map((d, i) => (
              <tr key={i}>
                <td>{formatTime(d.at)}</td>
                <td>{d.by}</td>
                <td>{d.via}</td>
                <td>{d.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
