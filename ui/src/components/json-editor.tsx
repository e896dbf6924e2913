import { useEffect, useRef } from 'react';
import { EditorView, basicSetup } from 'codemirror';
import { json } from '@codemirror/lang-json';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { autocompletion, type CompletionContext } from '@codemirror/autocomplete';

export interface EditorProblem {
  from: number;
  to: number;
  severity: 'error' | 'warning';
  message: string;
}

/**
 * CodeMirror 6 with JSON highlighting, schema-aware completion (member names from a JSON Schema,
 * and the values a member may take, e.g. action names from the catalog for "action" or a rule's
 * "kind" from its enum) and the problems its parent computes shown inline.
 */
export function JsonEditor(props: {
  value: string;
  onChange: (v: string) => void;
  problems: EditorProblem[];
  keys: string[];
  /** member name -> the values to offer inside its string, e.g. {action: ['core.log', …]} */
  values: Record<string, string[]>;
  /** the accessible name of the text area, e.g. "playbook JSON" */
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const complete = (ctx: CompletionContext) => {
      const value = ctx.matchBefore(/"\w+"\s*:\s*"[\w.-]*/);
      if (value) {
        const member = /^"(\w+)"/.exec(value.text)![1];
        const options = latest.current.values[member];
        if (options) {
          const start = value.from + value.text.lastIndexOf('"') + 1;
          return { from: start, options: options.map((a) => ({ label: a, type: 'constant' })) };
        }
      }
      const key = ctx.matchBefore(/"\w*/);
      if (!key || (key.from === key.to && !ctx.explicit)) return null;
      return {
        from: key.from + 1,
        options: latest.current.keys.map((k) => ({ label: k, type: 'property' })),
      };
    };
    const v = new EditorView({
      parent: host.current!,
      doc: props.value,
      extensions: [
        basicSetup,
        json(),
        lintGutter(),
        autocompletion({ override: [complete] }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) latest.current.onChange(u.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ 'aria-label': props.label }),
      ],
    });
    view.current = v;
    return () => v.destroy();
  }, []);

  // Replace the text when the parent loads another version.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== props.value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.value } });
    }
  }, [props.value]);

  // Show the problems inline (underlined, with a gutter marker and a tooltip).
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const len = v.state.doc.length;
    const diagnostics = props.problems.map((p) => {
      const from = Math.min(p.from, len);
      return { from, to: Math.min(Math.max(p.to, from), len), severity: p.severity, message: p.message };
    });
    v.dispatch(setDiagnostics(v.state, diagnostics));
  }, [props.problems]);

  return <div className="editor" ref={host} />;
}
