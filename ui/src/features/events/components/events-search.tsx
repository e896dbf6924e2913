import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { explainProblem } from '../../../lib/problems';
import { useLoad } from '../../../lib/use-load';
import { EventTable } from '../../../components/event-table';
import { Empty, ErrorState, Loading } from '../../../components/states';
import { CATEGORIES, eventsQuery, OUTCOMES, REPRESENTATIONS, searchEvents } from '../api/events';

/** Search the tenant's stored events; each one opens to its JSON in the chosen representation. */
export function EventsSearch() {
  const [params, setParams] = useSearchParams();
  const query = eventsQuery(params);
  const first = useLoad(() => searchEvents(query), [query]);
  const [more, setMore] = useState<{ items: Record<string, any>[]; next: string | null } | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setMore(null);
    setMoreError(null);
  }, [query]);
  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const next = more ? more.next : (first.data?.nextCursor ?? null);
  const set = (k: string, v: string) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p);
  };
  const loadMore = async () => {
    if (!next) return;
    setBusy(true);
    try {
      const page = await searchEvents(eventsQuery(params, next));
      setMore({ items: [...(more?.items ?? []), ...page.items], next: page.nextCursor });
    } catch (e) {
      setMoreError(explainProblem(e));
    } finally {
      setBusy(false);
    }
  };
  const as = params.get('as') ?? 'canonical';
  return (
    <section aria-labelledby="events-title">
      <header className="page-head">
        <h1 id="events-title">Events</h1>
        <div className="segmented" role="group" aria-label="representation">
          {REPRESENTATIONS.map((r) => (
            <button key={r.value} type="button" aria-pressed={as === r.value} onClick={() => set('as', r.value === 'canonical' ? '' : r.value)}>
              {r.label}
            </button>
          ))}
        </div>
      </header>
      <form
        className="filters"
        aria-label="event filters"
        onSubmit={(e) => {
          e.preventDefault();
          const q = new FormData(e.currentTarget).get('q');
          set('q', String(q ?? '').trim());
        }}
      >
        <label className="wide">
          Search
          <input name="q" type="search" defaultValue={params.get('q') ?? ''} placeholder="words in the message or raw record, then Enter" />
        </label>
        <label>
          Category
          <select value={params.get('category') ?? ''} onChange={(e) => set('category', e.target.value)}>
            <option value="">any</option>
            {CATEGORIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Type
          <input defaultValue={params.get('type') ?? ''} placeholder="authentication" onBlur={(e) => set('type', e.target.value.trim())} />
        </label>
        <label>
          Outcome
          <select value={params.get('outcome') ?? ''} onChange={(e) => set('outcome', e.target.value)}>
            <option value="">any</option>
            {OUTCOMES.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
        <label>
          User
          <input defaultValue={params.get('user') ?? ''} onBlur={(e) => set('user', e.target.value.trim())} />
        </label>
        <label>
          IP
          <input defaultValue={params.get('ip') ?? ''} onBlur={(e) => set('ip', e.target.value.trim())} />
        </label>
        <label>
          From
          <input type="datetime-local" defaultValue={params.get('from') ?? ''} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label>
          To
          <input type="datetime-local" defaultValue={params.get('to') ?? ''} onChange={(e) => set('to', e.target.value)} />
        </label>
      </form>
      {first.loading && !first.data && <Loading what="events" />}
      {first.error ? <ErrorState error={first.error} retry={first.reload} /> : null}
      {first.data && items.length === 0 && <Empty>No events match. Widen the time range or clear a filter.</Empty>}
      {items.length > 0 && (
        <>
          <p className="muted">
            {items.length} event{items.length === 1 ? '' : 's'} shown{next ? ', more available' : ''} · JSON as{' '}
            {REPRESENTATIONS.find((r) => r.value === as)?.label ?? as}
          </p>
          <EventTable events={items} label="events" />
        </>
      )}
      <div className="pager">
        {next && (
          <button type="button" disabled={busy} onClick={loadMore}>
            {busy ? 'Loading…' : 'Load more'}
          </button>
        )}
      </div>
      {moreError && <p className="error-text" role="alert">{moreError}</p>}
    </section>
  );
}
