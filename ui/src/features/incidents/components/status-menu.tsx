import { useEffect, useRef, useState } from 'react';
import { CLOSE_REASONS, needsReason, nextStatuses, statusLabel, type CloseReason, type IncidentStatus } from '../api/incidents';

/**
 * "Change status": a menu of the statuses the incident may move to from where it is; resolved
 * and closed ask for a reason before anything is sent.
 */
export function StatusMenu({
  status,
  busy,
  onChoose,
}: {
  status: IncidentStatus;
  busy?: boolean;
  onChoose: (status: IncidentStatus, reason?: CloseReason) => void;
}) {
  const [open, setOpen] = useState(false);
  const [asking, setAsking] = useState<IncidentStatus | null>(null);
  const [reason, setReason] = useState<CloseReason | ''>('');
  const options = nextStatuses(status);
  const wrap = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => !wrap.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);
  const choose = (to: IncidentStatus) => {
    setOpen(false);
    if (needsReason(to)) {
      setAsking(to);
      setReason('');
    } else onChoose(to);
  };
  return (
    <div className="menu-wrap" ref={wrap}>
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={busy || options.length === 0}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      >
        Change status ▾
      </button>
      {open && (
        <ul className="menu" role="menu" aria-label="next status" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          {options.map((s) => (
            <li key={s} role="none">
              <button type="button" role="menuitem" autoFocus={s === options[0]} onClick={() => choose(s)}>
                {statusLabel(s, status)}
                {needsReason(s) ? '…' : ''}
              </button>
            </li>
          ))}
        </ul>
      )}
      {asking && (
        <form
          className="card reason-form"
          aria-label={`${asking} reason`}
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason) return;
            onChoose(asking, reason);
            setAsking(null);
          }}
        >
          <fieldset>
            <legend>Why is it {asking}?</legend>
            {CLOSE_REASONS.map((r) => (
              <label key={r.reason} className="inline">
                <input type="radio" name="reason" value={r.reason} checked={reason === r.reason} onChange={() => setReason(r.reason)} />
                {r.label}
              </label>
            ))}
          </fieldset>
          <div className="buttons">
            <button type="submit" className="primary" disabled={!reason || busy}>
              Mark {asking}
            </button>
            <button type="button" onClick={() => setAsking(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
