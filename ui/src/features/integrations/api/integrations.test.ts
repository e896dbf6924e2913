import { configChanges, configTemplate, secretsChange, type Provider } from './integrations';

const wazuh: Provider = {
  provider: 'wazuh',
  title: 'Wazuh manager',
  description: null,
  config: {
    type: 'object',
    required: ['managerUrl'],
    properties: {
      managerUrl: { type: 'string' },
      indexerUrl: { type: 'string' },
      verifyTls: { type: 'boolean', default: true },
      blastRadius: { type: 'integer', default: 5 },
    },
  },
  secrets: [
    { name: 'username', required: true, description: null },
    { name: 'password', required: true, description: null },
  ],
};

test('a new connection starts from the required fields and the defaults', () => {
  expect(configTemplate(wazuh)).toEqual({ managerUrl: '', verifyTls: true, blastRadius: 5 });
});

test('the history shows what each version added, removed and changed', () => {
  expect(
    configChanges({ managerUrl: 'https://a', blastRadius: 5, verifyTls: true }, { managerUrl: 'https://b', verifyTls: true, indexerUrl: 'https://i' }),
  ).toEqual([
    { key: 'blastRadius', op: 'removed', before: 5, after: undefined },
    { key: 'indexerUrl', op: 'added', before: undefined, after: 'https://i' },
    { key: 'managerUrl', op: 'changed', before: 'https://a', after: 'https://b' },
  ]);
});

test('empty secret fields keep what is stored; removed ones are sent as null', () => {
  expect(secretsChange({ username: '', password: 'new' }, ['indexerPassword'])).toEqual({ password: 'new', indexerPassword: null });
  expect(secretsChange({ password: 'x' }, ['password'])).toEqual({ password: 'x' });
});
