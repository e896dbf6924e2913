import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { FieldError } from '../../../lib/api-client';
import { explainProblem } from '../../../lib/problems';
import { useSession } from '../../auth/session';
import { sigmaProblems, translateSigma } from '../api/detections';

const EXAMPLE = `title: Failed logons from one source
id: 0e95725d-7320-415d-80f7-004da920fc11
status: experimental
logsource:
  product: windows
  service: security
detection:
  selection:
    EventID: 4625
  condition: selection
fields:
  - TargetUserName
  - IpAddress
level: medium
tags:
  - attack.credential-access
  - attack.t1110.001
`;

/** Paste a Sigma rule, see the Vigil rule it becomes (or what Vigil cannot translate), publish it. */
export function SigmaImport() {
  const { can } = useSession();
  const navigate = useNavigate();
  const [yaml, setYaml] = useState(EXAMPLE);
  const [rule, setRule] = useState<Record<string, unknown> | null>(null);
  const [problems, setProblems] = useState<FieldError[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mayImport = can('detection.manage');
  const send = async (publish: boolean) => {
    setBusy(true);
    setMessage(null);
    setProblems(null);
    try {
      const r = await translateSigma(yaml, publish);
      setRule(r.rule);
      if (publish && r.published) {
        navigate(`/detections/${r.published.key}`, {
          state: { flash: `Imported from Sigma and published ${r.published.key} version ${r.published.version}.` },
        });
      }
    } catch (e) {
      setRule(null);
      const found = sigmaProblems(e);
      if (found) setProblems(found);
      else setMessage(explainProblem(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="sigma-title">
      <header className="page-head">
        <h1 id="sigma-title">Sigma import</h1>
        <Link to="/detections">All detection rules</Link>
      </header>
      <div className="split">
        <div>
          <label>
            Sigma rule (YAML)
            <textarea className="code" value={yaml} onChange={(e) => setYaml(e.target.value)} rows={22} spellCheck={false} />
          </label>
          <div className="buttons">
            <button type="button" disabled={busy || !yaml.trim() || !mayImport} onClick={() => send(false)}>
              Translate
            </button>
            {mayImport && (
              <button type="button" className="primary" disabled={busy || !yaml.trim()} onClick={() => send(true)}>
                Import and publish
              </button>
            )}
          </div>
          {!mayImport && <p className="notice">Your role can read detection rules but not import them from Sigma.</p>}
          {message && (
            <p className="error-text" role="alert">
              {message}
            </p>
          )}
        </div>
        <div aria-live="polite">
          {problems && (
            <section aria-label="translation problems">
              <h2>Vigil cannot translate this rule</h2>
              <ul className="problems">
                {problems.map((p, i) => (
                  <li key={i} className="error-text">
                    <code>{p.pointer || '/'}</code> {p.message}
                    {p.hint && <span className="muted"> — {p.hint}</span>}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {rule && (
            <section aria-label="vigil rule">
              <h2>The Vigil rule</h2>
              <pre className="tall">{JSON.stringify(rule, null, 2)}</pre>
            </section>
          )}
          {!problems && !rule && <p className="muted">Translate to see the Vigil rule this Sigma rule becomes.</p>}
        </div>
      </div>
    </section>
  );
}
