// Where each JSON Pointer of a document starts in its text, so server errors (which carry
// pointers) can be shown at their line. A small tolerant parser: it records positions until the
// first syntax error and reports that error's position too.

export interface Positions {
  /** pointer -> offset of the value (for object members: of the member's key) */
  at: Map<string, number>;
  syntaxError: { offset: number; message: string } | null;
}

export function jsonPositions(text: string): Positions {
  const at = new Map<string, number>();
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = (message: string): never => {
    throw { offset: Math.min(i, text.length), message };
  };
  const str = (): string => {
    if (text[i] !== '"') fail('expected a string');
    let out = '';
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const c = text[i + 1];
        if (c === 'u') {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        out += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[c] ?? c;
        i += 2;
        continue;
      }
      out += text[i++];
    }
    if (text[i] !== '"') fail('unterminated string');
    i++;
    return out;
  };
  const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
  const value = (ptr: string, keyOffset?: number) => {
    ws();
    at.set(ptr, keyOffset ?? i);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        const kOff = i;
        const k = str();
        ws();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        value(`${ptr}/${esc(k)}`, kOff);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail("expected ',' or '}'");
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        value(`${ptr}/${n}`);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail("expected ',' or ']'");
      }
    } else if (c === '"') {
      str();
    } else {
      const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
      if (!m) fail('expected a value');
      i += m![0].length;
    }
  };
  try {
    value('');
    ws();
    if (i < text.length) fail('unexpected text after the document');
    return { at, syntaxError: null };
  } catch (e) {
    return { at, syntaxError: e as { offset: number; message: string } };
  }
}

/**
 * The offset to show an error for {@code pointer} at: the pointer itself, else its nearest
 * ancestor that exists (an error about a missing member belongs to the object).
 */
export function offsetOf(p: Positions, pointer: string): number {
  let ptr = pointer;
  for (;;) {
    const o = p.at.get(ptr);
    if (o !== undefined) return o;
    if (ptr === '') return 0;
    ptr = ptr.slice(0, ptr.lastIndexOf('/'));
  }
}

export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let k = 0; k < offset && k < text.length; k++) if (text[k] === '\n') line++;
  return line;
}
