// The columns of an event table, read from whichever representation the API answered in:
// Vigil's canonical event, ECS (`as=ecs`) or OCSF (`as=ocsf`).

export interface EventRow {
  id: string;
  time: string | null;
  type: string;
  outcome: string;
  actor: string;
  src: string;
  message: string;
}

type Doc = Record<string, any>;

const first = (...v: unknown[]) => {
  for (const x of v) if (x !== undefined && x !== null && x !== '') return x;
  return undefined;
};
const text = (v: unknown) => (v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v));

export function eventRow(e: Doc, index = 0): EventRow {
  const timeValue = first(e.time, e['@timestamp']);
  // OCSF times are epoch milliseconds.
  const time = typeof timeValue === 'number' ? new Date(timeValue).toISOString() : ((timeValue as string | undefined) ?? null);
  const ip = first(e.src?.ip, e.source?.ip, e.src_endpoint?.ip);
  const port = first(e.src?.port, e.source?.port, e.src_endpoint?.port);
  const host = first(e.src?.host, e.source?.address, e.source?.domain, e.src_endpoint?.hostname);
  const actorName = first(e.actor?.name, e.user?.name, e.actor?.user?.name);
  const domain = first(e.actor?.domain, e.user?.domain, e.actor?.user?.domain);
  return {
    id: text(first(e.id, e.event?.id, e.metadata?.uid, `row-${index}`)),
    time,
    type: text(first(e.type, e.event?.type, e.class_name, e.event?.category)),
    outcome: text(first(e.outcome, e.event?.outcome, e.status?.toString?.().toLowerCase?.())),
    actor: actorName === undefined ? '' : domain ? `${domain}\\${actorName}` : text(actorName),
    src: ip !== undefined ? `${ip}${port !== undefined ? `:${port}` : ''}` : text(host),
    message: text(first(e.message, e.event?.original, e.raw_data)),
  };
}
