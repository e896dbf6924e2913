import { coerceInputs } from './input-form';

test('form values become the types the input schema asks for', () => {
  const schema = {
    properties: {
      ip: { type: 'string' },
      failures: { type: 'integer' },
      notify: { type: 'boolean' },
      hosts: { type: 'array' },
      unset: { type: 'string' },
    },
  };
  expect(coerceInputs(schema, { ip: '203.0.113.7', failures: '12', notify: true, hosts: '["a","b"]', unset: '' })).toEqual({
    ip: '203.0.113.7',
    failures: 12,
    notify: true,
    hosts: ['a', 'b'],
  });
});

test('unparseable JSON is passed on for the server to point at', () => {
  expect(coerceInputs({ properties: { hosts: { type: 'array' } } }, { hosts: '[oops' })).toEqual({ hosts: '[oops' });
});
