import { Fragment, useState } from 'react';
import { formatTime } from '../lib/format';
import { eventRow } from './event-row';

/**
 * Events as a table (time, type, outcome, actor, source, message); each row opens to the whole
 * document as JSON, in whichever representation the events came in.
 */
export function EventTable({ events, label }: { events: Record<string, any>[]; label: string }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) => {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
  };
  return (
    <div className="table-wrap">
      <table aria-label={label} className="events">
        <thead>
          <tr>
            <th>Time</th>
            <th>Type</th>
            <th>Outcome</th>
            <th>Actor</th>
            <th>Source</th>
            <th>Message</th>
            <th>
              <span className="sr-only">JSON</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((e, i) => {
            const r = eventRow(e, i);
            const shown = open.has(r.id);
            return (
              <Fragment key={r.id}>
                <tr data-event={r.id}>
                  <td className="nowrap">{formatTime(r.time)}</td>
                  <td>{r.type}</td>
                  <td>{r.outcome && <span className={`badge outcome-${r.outcome}`}>{r.outcome}</span>}</td>
                  <td>{r.actor}</td>
                  <td>
                    <code>{r.src}</code>
                  </td>
                  <td className="message-cell">{r.message}</td>
                  <td>
                    <button type="button" className="small" aria-expanded={shown} onClick={() => toggle(r.id)}>
                      {shown ? 'Hide JSON' : 'JSON'}
                    </button>
                  </td>
                </tr>
                {shown && (
                  <tr className="event-json">
                    <td colSpan={7}>
                      <pre aria-label={`event ${r.id} JSON`}>{JSON.stringify(e, null, 2)}</pre>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
