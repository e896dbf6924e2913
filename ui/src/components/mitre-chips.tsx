import { useEffect, useState } from 'react';
import { api } from '../lib/api-client';

/** The ATT&CK page of a technique (T1110, T1110.001), tactic (TA0006) or other id. */
export function mitreUrl(id: string): string {
  const t = /^(T\d{4})(?:\.(\d{3}))?$/i.exec(id.trim());
  if (t) return `https://attack.mitre.org/techniques/${t[1].toUpperCase()}/${t[2] ? `${t[2]}/` : ''}`;
  if (/^TA\d{4}$/i.test(id.trim())) return `https://attack.mitre.org/tactics/${id.trim().toUpperCase()}/`;
  return `https://attack.mitre.org/search/?q=${encodeURIComponent(id)}`;
}

interface Technique {
  id: string;
  name: string;
  tactics: string[];
  revoked: boolean;
  deprecated: boolean;
}
interface Tactic {
  id: string;
  shortname: string;
  name: string;
}
export interface Attack {
  techniques: Record<string, Technique>;
  tactics: Record<string, Tactic>;
}

let catalogue: Promise<Attack | null> | null = null;

/** The bundled ATT&CK catalogue, fetched once per page load (null when it cannot be read). */
export function loadAttack(): Promise<Attack | null> {
  if (!catalogue) {
    catalogue = api
      .get<{ techniques: Technique[]; tactics: Tactic[] }>('/api/v1/attack')
      .then((r) => ({
        techniques: Object.fromEntries(r.techniques.map((t) => [t.id, t])),
        tactics: Object.fromEntries(r.tactics.flatMap((t) => [[t.id, t], [t.shortname, t]])),
      }))
      .catch(() => null);
  }
  return catalogue;
}

/** For tests: forget the catalogue so the next chips fetch it again. */
export function forgetAttack() {
  catalogue = null;
}

/** How an id reads: "T1110.001 Password Guessing" with its tactics, or the id alone. */
export function describeAttack(id: string, attack: Attack | null): { label: string; title: string } {
  const key = id.trim().toUpperCase();
  const t = attack?.techniques[key];
  if (t) {
    const tactics = t.tactics.map((s) => attack?.tactics[s]?.name ?? s).join(', ');
    const state = t.revoked ? ' (revoked)' : t.deprecated ? ' (deprecated)' : '';
    return { label: `${t.id} ${t.name}`, title: `MITRE ATT&CK ${t.id}: ${t.name}${state}${tactics ? ` — ${tactics}` : ''}` };
  }
  const tactic = attack?.tactics[key];
  if (tactic) return { label: `${tactic.id} ${tactic.name}`, title: `MITRE ATT&CK tactic ${tactic.id}: ${tactic.name}` };
  return { label: id, title: `MITRE ATT&CK ${id}` };
}

/** MITRE ATT&CK ids as chips with their names, linking to their pages. */
export function MitreChips({ ids }: { ids: string[] | null | undefined }) {
  const [attack, setAttack] = useState<Attack | null>(null);
  useEffect(() => {
    if (ids && ids.length > 0) loadAttack().then(setAttack);
  }, [ids?.join(',')]);
  if (!ids || ids.length === 0) return <span className="muted">—</span>;
  return (
    <span className="chips">
      {ids.map((id) => {
        const d = describeAttack(id, attack);
        return (
          <a key={id} className="chip" href={mitreUrl(id)} target="_blank" rel="noreferrer" title={d.title}>
            {d.label}
          </a>
        );
      })}
    </span>
  );
}
