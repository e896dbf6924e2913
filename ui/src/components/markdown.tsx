// A small, safe subset of Markdown for comments: paragraphs, line breaks, `code`, **bold**,
// [links](https://…) and bare http(s) addresses. The text is never parsed as HTML: everything
// becomes React text nodes (escaped by React), and only http(s) links become anchors.
import { Fragment, type ReactNode } from 'react';

const INLINE = /(`[^`\n]+`)|(\*\*[^*\n]+?\*\*)|(\[[^\]\n]+\]\([^)\s]+\))|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;

/** True for absolute http and https addresses only (no javascript:, data:, relative paths). */
export function safeHref(href: string): string | null {
  try {
    const u = new URL(href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function link(href: string, label: ReactNode, key: number, raw: string): ReactNode {
  const safe = safeHref(href);
  if (!safe) return <Fragment key={key}>{raw}</Fragment>;
  return (
    <a key={key} href={safe} target="_blank" rel="noopener noreferrer nofollow">
      {label}
    </a>
  );
}

/** The inline elements of one line. */
export function inline(text: string, bold = true): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let key = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    const [raw, code, strong, md, bare] = m;
    if (code) out.push(<code key={key++}>{code.slice(1, -1)}</code>);
    else if (strong) out.push(bold ? <strong key={key++}>{inline(strong.slice(2, -2), false)}</strong> : raw);
    else if (md) {
      const close = md.indexOf('](');
      out.push(link(md.slice(close + 2, -1), md.slice(1, close), key++, raw));
    } else if (bare) out.push(link(bare, bare, key++, raw));
    last = at + raw.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Markdown text as paragraphs; single newlines inside a paragraph are line breaks. */
export function Markdown({ text, className }: { text: string | null | undefined; className?: string }) {
  const paragraphs = (text ?? '')
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <div className={className ? `markdown ${className}` : 'markdown'}>
      {paragraphs.map((p, i) => (
        <p key={i}>
          {p.split('\n').map((line, j) => (
            <Fragment key={j}>
              {j > 0 && <br />}
              {inline(line)}
            </Fragment>
          ))}
        </p>
      ))}
    </div>
  );
}
