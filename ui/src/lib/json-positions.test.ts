import { jsonPositions, lineOf, offsetOf } from './json-positions';

const doc = `{
  "key": "x",
  "steps": [
    { "id": "a", "action": "core.log" },
    {
      "id": "b",
      "action": "core.lgo"
    }
  ]
}`;

test('every pointer maps to the line of its value or member', () => {
  const p = jsonPositions(doc);
  expect(p.syntaxError).toBeNull();
  expect(lineOf(doc, offsetOf(p, '/steps/1/action'))).toBe(7);
  expect(lineOf(doc, offsetOf(p, '/steps/0/action'))).toBe(4);
  expect(lineOf(doc, offsetOf(p, '/key'))).toBe(2);
});

test('a pointer that does not exist falls back to its nearest ancestor', () => {
  const p = jsonPositions(doc);
  expect(lineOf(doc, offsetOf(p, '/steps/1/with/message'))).toBe(5);
  expect(offsetOf(p, '/nothing')).toBe(0);
});

test('syntax errors carry their position', () => {
  const bad = '{\n  "key": "x",\n  "steps": [\n}';
  const p = jsonPositions(bad);
  expect(p.syntaxError).not.toBeNull();
  expect(lineOf(bad, p.syntaxError!.offset)).toBe(4);
});

test('escaped keys follow RFC 6901', () => {
  const p = jsonPositions('{"a/b": {"c~d": 1}}');
  expect(p.at.has('/a~1b/c~0d')).toBe(true);
});
