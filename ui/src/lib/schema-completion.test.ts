import { schemaEnums, schemaKeys } from './schema-completion';

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  properties: {
    $schema: { type: 'string' },
    key: { type: 'string' },
    kind: { enum: ['match', 'threshold'] },
    threshold: { type: 'object', properties: { count: { type: 'integer' }, window: { $ref: '#/$defs/duration' } } },
    sequence: { properties: { steps: { items: { properties: { filter: {}, count: {} } } } } },
  },
  allOf: [{ if: { properties: { kind: { const: 'threshold' } } }, then: { required: ['threshold'] } }],
  $defs: { clock: { properties: { timezone: { type: 'string' } } } },
};

test('the editor offers member names from every level of the rule schema', () => {
  expect(schemaKeys(schema)).toEqual(['count', 'filter', 'key', 'kind', 'sequence', 'steps', 'threshold', 'timezone', 'window']);
});

test('enum members offer their values', () => {
  expect(schemaEnums(schema)).toEqual({ kind: ['match', 'threshold'] });
});
