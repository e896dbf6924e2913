// Server validation findings (JSON Pointers) placed in the editor's text, shared by the playbook
// and detection rule editors.
import type { EditorProblem } from '../components/json-editor';
import { jsonPositions, lineOf, offsetOf } from './json-positions';

export interface Finding {
  pointer: string;
  message: string;
  hint?: string;
}

export interface Validation {
  valid: boolean;
  errors: Finding[];
  warnings: Finding[];
}

/** Problems with their place in the text: server findings at their pointer, syntax errors where they are. */
export function placeFindings(text: string, v: Validation | null): (EditorProblem & { line: number })[] {
  const pos = jsonPositions(text);
  if (pos.syntaxError) {
    const o = pos.syntaxError.offset;
    return [{ from: o, to: Math.min(o + 1, text.length), severity: 'error', message: `JSON syntax: ${pos.syntaxError.message}`, line: lineOf(text, o) }];
  }
  if (!v) return [];
  const place = (f: Finding, severity: 'error' | 'warning') => {
    const from = offsetOf(pos, f.pointer);
    const end = text.indexOf('\n', from);
    return {
      from,
      to: end < 0 ? text.length : Math.max(end, from + 1),
      severity,
      message: f.hint ? `${f.message} (${f.hint})` : f.message,
      line: lineOf(text, from),
    };
  };
  return [...(v.errors ?? []).map((f) => place(f, 'error')), ...(v.warnings ?? []).map((f) => place(f, 'warning'))];
}
