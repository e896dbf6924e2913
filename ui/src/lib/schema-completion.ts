// What an editor can offer from a JSON Schema: every member name the schema declares anywhere
// (top level, nested objects, $defs, allOf/oneOf branches) and the enum values of each member.

type Schema = Record<string, any>;

function walk(s: unknown, visit: (name: string, prop: Schema) => void, seen = new Set<unknown>()) {
  if (!s || typeof s !== 'object' || seen.has(s)) return;
  seen.add(s);
  const node = s as Schema;
  for (const [name, prop] of Object.entries(node.properties ?? {})) {
    visit(name, prop as Schema);
    walk(prop, visit, seen);
  }
  for (const k of ['items', 'additionalProperties', 'then', 'else', 'if', 'not']) walk(node[k], visit, seen);
  for (const k of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) for (const b of node[k] ?? []) walk(b, visit, seen);
  for (const d of Object.values(node.$defs ?? node.definitions ?? {})) walk(d, visit, seen);
}

export function schemaKeys(schema: Schema | null | undefined): string[] {
  const keys = new Set<string>();
  walk(schema, (name) => keys.add(name));
  return [...keys].filter((k) => k !== '$schema').sort();
}

export function schemaEnums(schema: Schema | null | undefined): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  walk(schema, (name, prop) => {
    const values = prop.enum ?? prop.items?.enum;
    if (Array.isArray(values)) for (const v of values) if (typeof v === 'string') (out[name] ??= new Set()).add(v);
  });
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v]]));
}
