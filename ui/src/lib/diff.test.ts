import { diffLines } from './diff';

test('changed lines show as removed then added, the rest unchanged', () => {
  const d = diffLines('a\nb\nc', 'a\nB\nc\nd');
  expect(d.map((l) => l.op + l.text)).toEqual([' a', '-b', '+B', ' c', '+d']);
});

test('identical texts have no changes', () => {
  expect(diffLines('x\ny', 'x\ny').every((l) => l.op === ' ')).toBe(true);
});
