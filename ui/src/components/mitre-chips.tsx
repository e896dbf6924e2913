/** The ATT&CK page of a technique (T1110, T1110.001), tactic (TA0006) or other id. */
export function mitreUrl(id: string): string {
  const t = /^(T\d{4})(?:\.(\d{3}))?$/i.exec(id.trim());
  if (t) return `https://attack.mitre.org/techniques/${t[1].toUpperCase()}/${t[2] ? `${t[2]}/` : ''}`;
  if (/^TA\d{4}$/i.test(id.trim())) return `https://attack.mitre.org/tactics/${id.trim().toUpperCase()}/`;
  return `https://attack.mitre.org/search/?q=${encodeURIComponent(id)}`;
}

/** MITRE ATT&CK ids as chips linking to their pages. */
export function MitreChips({ ids }: { ids: string[] | null | undefined }) {
  if (!ids || ids.length === 0) return <span className="muted">—</span>;
  return (
    <span className="chips">
      {ids.map((id) => (
        <a key={id} className="chip" href={mitreUrl(id)} target="_blank" rel="noreferrer" title={`MITRE ATT&CK ${id}`}>
          {id}
        </a>
      ))}
    </span>
  );
}
