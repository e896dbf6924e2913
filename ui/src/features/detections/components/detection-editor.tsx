import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { placeFindings, type Validation } from '../../../lib/findings';
import { jsonPositions } from '../../../lib/json-positions';
import { explainProblem } from '../../../lib/problems';
import { schemaEnums, schemaKeys } from '../../../lib/schema-completion';
import { useLoad } from '../../../lib/use-load';
import { formatTime } from '../../../lib/format';
import { JsonEditor } from '../../../components/json-editor';
import { ErrorState, Loading, SeverityBadge } from '../../../components/states';
import { useSession } from '../../auth/session';
import { detectionSchema, getDetection, publishDetection, rateText, validateDetection } from '../api/detections';
import { DetectionTestPanel } from './detection-test-panel';

const TEMPLATE = `{
  "key": "ssh-brute-force",
  "title": "SSH brute force from one source",
  "kind": "threshold",
  "severity": "high",
  "mitre": ["T1110.001"],
  "filter": "\${{ event.type == 'authentication' && event.outcome == 'failure' }}",
  "groupBy": ["src.ip"],
  "threshold": { "count": 5, "window": "5m" },
  "suppress": "1h",
  "entity": { "kind": "ip", "value": "\${{ event.src.ip }}" }
}
`;

/**
 * A detection rule as JSON, with the rule schema's members and values offered as you type, the
 * server's validation shown at its lines, publishing, and a test over the last day's events.
 */
export function DetectionEditor() {
  const { key } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const { can } = useSession();
  const [version, setVersion] = useState<number | null>(null);
  const existing = useLoad(() => (key ? getDetection(key, version) : Promise.resolve(null)), [key, version]);
  const [latest, setLatest] = useState(0);
  const schema = useLoad(detectionSchema, []);
  const [text, setText] = useState(key ? '' : TEMPLATE);
  const [validation, setValidation] = useState<Validation | null>(null);
  const [message, setMessage] = useState<string | null>((location.state as { flash?: string } | null)?.flash ?? null);

  useEffect(() => {
    if (!existing.data) return;
    setText(JSON.stringify(existing.data.definition, null, 2) + '\n');
    setLatest((l) => Math.max(l, existing.data!.version));
  }, [existing.data]);

  // Validate on the server as the engineer types (debounced).
  useEffect(() => {
    if (!text.trim()) return;
    const t = setTimeout(() => {
      if (jsonPositions(text).syntaxError) {
        setValidation(null);
        return;
      }
      validateDetection(text)
        .then(setValidation)
        .catch((e) => setMessage(explainProblem(e)));
    }, 400);
    return () => clearTimeout(t);
  }, [text]);

  const findings = useMemo(() => placeFindings(text, validation), [text, validation]);
  const keys = useMemo(() => schemaKeys(schema.data), [schema.data]);
  const values = useMemo(() => schemaEnums(schema.data), [schema.data]);

  if (key && existing.loading && !existing.data) return <Loading what="detection rule" />;
  if (key && existing.error) return <ErrorState error={existing.error} retry={existing.reload} />;
  const errors = findings.filter((f) => f.severity === 'error');
  const publish = async () => {
    setMessage(null);
    try {
      const r = await publishDetection(text);
      const flash = r.created ? `Published ${r.key} version ${r.version}.` : `Nothing changed: ${r.key} version ${r.version} is the same rule.`;
      setMessage(flash);
      if (r.key !== key) navigate(`/detections/${r.key}`, { state: { flash } });
      else {
        setLatest(r.version);
        if (version === null) existing.reload();
        else setVersion(null);
      }
    } catch (e) {
      setMessage(explainProblem(e));
    }
  };
  const current = existing.data;
  return (
    <section>
      <header className="page-head">
        <h1>{current ? current.title : 'New detection rule'}</h1>
        {current && (
          <>
            <SeverityBadge severity={current.severity} />
            <span className="tag">{current.origin}</span>
            <label className="inline">
              Version
              <select value={version ?? current.version} onChange={(e) => setVersion(Number(e.target.value) === latest ? null : Number(e.target.value))}>
                {Array.from({ length: Math.max(latest, current.version) }, (_, i) => Math.max(latest, current.version) - i).map((v) => (
                  <option key={v} value={v}>
                    v{v}
                  </option>
                ))}
              </select>
            </label>
            <span className="muted">
              {current.createdBy && <>published {formatTime(current.createdAt)} by {current.createdBy} · </>}
              {current.enabled ? 'on' : 'off'} ·{' '}
              <Link to={`/alerts?rule=${encodeURIComponent(current.key)}`}>{current.alerts} alerts</Link> · false positives{' '}
              {rateText(current.falsePositiveRate)}
            </span>
          </>
        )}
        <Link to="/detections">All detection rules</Link>
      </header>
      {message && (
        <p className="flash" role="status">
          {message}
        </p>
      )}
      <div className="split">
        <div>
          <JsonEditor value={text} onChange={setText} problems={findings} keys={keys} values={values} label="detection rule JSON" />
          <div className="findings" aria-label="problems" aria-live="polite">
            {findings.length === 0 ? (
              <p className="ok-text">{validation?.valid ? 'No problems: ready to publish.' : 'Checking…'}</p>
            ) : (
              <ul>
                {findings.map((f, i) => (
                  <li key={i} className={f.severity === 'error' ? 'error-text' : 'warn-text'}>
                    Line {f.line}: {f.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
          {can('detection.manage') ? (
            <button type="button" className="primary" disabled={errors.length > 0 || !validation?.valid} onClick={publish}>
              Publish
            </button>
          ) : (
            <p className="notice">Your role can read and test rules but not publish them.</p>
          )}
        </div>
        <div>
          {current ? (
            <DetectionTestPanel ruleKey={current.key} version={latest || current.version} />
          ) : (
            <p className="muted">Publish the rule to test it over the last 24 hours of events.</p>
          )}
          {current && current.versions && current.versions.length > 0 && (
            <section aria-label="versions">
              <h2>Versions</h2>
              <ul className="versions">
                {current.versions.map((v) => (
                  <li key={v.version}>
                    v{v.version} · {formatTime(v.createdAt)} by {v.createdBy}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      </div>
    </section>
  );
}
