// End-to-end tests of the web UI: a fresh standalone Vigil (its own database and Temporal) driven
// through Debian's Chromium with playwright-core. Saves a screenshot of every screen to
// docs/screenshots. Run by the Maven build (standalone module, integration-test phase) after the
// standalone jar is built; `node tests/e2e/run.mjs` runs it by hand.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const jar = join(repo, 'standalone/target/standalone-0.1.0-SNAPSHOT-exec.jar');
const shots = join(repo, 'docs/screenshots');
const browserPath = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
const KEY = 'vgl_' + 'E2eOwnerKey0123456789abc'.repeat(2);
const OWNER_PASSWORD = 'Bootstrap-Owner-Passphrase-42';
const PASSWORD = 'tulip-Granite-orbit-42';

if (!existsSync(browserPath)) {
  console.error(`Chromium not found at ${browserPath}: install it (apt-get install -y chromium) or set VIGIL_CHROMIUM.`);
  process.exit(1);
}
if (!existsSync(jar)) {
  console.error(`${jar} is missing: build the standalone module first (mvn -pl standalone -am package).`);
  process.exit(1);
}

const freePort = () =>
  new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

const port = await freePort();
const base = `http://localhost:${port}`;
const data = mkdtempSync(join(tmpdir(), 'vigil-e2e-'));
const vigil = spawn('java', ['-jar', jar], {
  env: {
    ...process.env,
    VIGIL_DATA_DIR: data,
    VIGIL_PORT: String(port),
    VIGIL_EMBEDDED_TEMPORAL_PORT: String(await freePort()),
    VIGIL_BOOTSTRAP_ADMIN_PASSWORD: OWNER_PASSWORD,
    VIGIL_BOOTSTRAP_API_KEY: KEY,
    VIGIL_LOGIN_RATE_LIMIT: '1000',
    VIGIL_TEMPORAL_UI_URL: 'http://temporal-ui.example.test:8233',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let log = '';
vigil.stdout.on('data', (d) => (log += d));
vigil.stderr.on('data', (d) => (log += d));

let browser;
let failed = false;
try {
  await waitUp();
  await seed();
  browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ['--no-sandbox'] });
  mkdirSync(shots, { recursive: true });
  await test('an analyst signs in, sees the pending approval, approves it and watches the run finish', analystApproves);
  await test('a viewer sees the same kind of approval but cannot decide it', viewerCannotDecide);
  await test('an analyst decides an approval inside a child playbook and both runs finish', childApproval);
  await test('an engineer fixes an invalid playbook at the line shown, publishes it and starts a dry run', engineerPublishes);
  await test('runs list, dashboard and a narrow screen render', otherScreens);
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await browser?.close();
  vigil.kill('SIGTERM');
  await new Promise((ok) => vigil.on('exit', ok));
  rmSync(data, { recursive: true, force: true });
}
if (failed) {
  console.error('--- Vigil log (tail) ---\n' + log.split('\n').slice(-60).join('\n'));
  process.exit(1);
}
console.log('e2e: all flows passed; screenshots in docs/screenshots');

// ------------------------------------------------------------------ flows

async function analystApproves() {
  const run = await startRun('admin', { ip: '203.0.113.7' });
  const page = await signIn('ana');
  await page.getByRole('heading', { name: 'Approvals' }).waitFor();
  const card = page.getByRole('listitem', { name: 'approval Block 203.0.113.7?' });
  await card.waitFor();
  await card.getByText('"ip": "203.0.113.7"').waitFor(); // the run's inputs are shown
  assert.match(await card.textContent(), /left|no deadline/);
  await shot(page, 'approvals-inbox');
  await card.getByLabel('Comment (optional)').fill('known scanner');
  await card.getByRole('button', { name: 'Approve' }).focus();
  await page.keyboard.press('Enter'); // keyboard-operable
  await page.getByText('You approved “Block 203.0.113.7?”.').waitFor();
  await page.goto(`${base}/runs/${run}`);
  await page.locator('.page-head .badge', { hasText: 'succeeded' }).waitFor({ timeout: 30000 });
  await page.locator('[data-step="approve"][data-status="succeeded"]').waitFor();
  await page.locator('[data-step="block"]').click();
  const panel = page.getByRole('complementary', { name: 'step details' });
  await panel.getByRole('heading', { name: 'Input' }).waitFor(); // the resolved `with` of the action
  await panel.getByText('"message": "blocking 203.0.113.7"').first().waitFor();
  await page.getByRole('link', { name: 'open in Temporal UI' }).waitFor();
  await page.getByText('WORKFLOW_EXECUTION_STARTED').waitFor();
  await shot(page, 'run-detail');
  await page.close();
}

async function viewerCannotDecide() {
  await startRun('admin', { ip: '198.51.100.9' });
  const page = await signIn('vic');
  await page.goto(`${base}/approvals`);
  const card = page.getByRole('listitem', { name: 'approval Block 198.51.100.9?' });
  await card.waitFor();
  await card.getByText('Your role can see approvals but not decide them.').waitFor();
  assert.equal(await card.getByRole('button', { name: 'Approve' }).count(), 0);
  assert.match(await page.getByTestId('who').textContent(), /viewer/);
  await shot(page, 'approvals-viewer');
  await page.close();
}

async function engineerPublishes() {
  const page = await signIn('eng');
  await page.goto(`${base}/playbooks/new`);
  await page.locator('.cm-content').waitFor();
  const invalid = [
    '{',
    '  "key": "e2e-notify",',
    '  "title": "Notify the SOC",',
    '  "inputs": { "type": "object", "required": ["host"], "properties": { "host": { "type": "string" } } },',
    '  "steps": [',
    '    { "id": "note", "action": "core.lgo", "with": { "message": "checking ${{ inputs.host }}" } },',
    '    { "id": "tell", "action": "http.request", "with": { "method": "POST", "url": "https://soc.example.test/notify", "json": { "host": "${{ inputs.host }}" } } }',
    '  ]',
    '}',
  ].join('\n');
  await replaceEditorText(page, invalid);
  const problems = page.getByLabel('problems');
  await problems.getByText(/Line 6: unknown action 'core.lgo'/).waitFor({ timeout: 15000 });
  await page.locator('.cm-lintRange-error').first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Publish' }).isDisabled(), true);
  await shot(page, 'playbook-editor-error');
  await replaceEditorText(page, invalid.replace('core.lgo', 'core.log'));
  await problems.getByText('No problems: ready to publish.').waitFor({ timeout: 15000 });
  await page.locator('[data-step="tell"]').waitFor(); // the live graph preview
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.waitForURL(`${base}/playbooks/e2e-notify`);
  const form = page.getByRole('form', { name: 'start a run' });
  await form.getByLabel('host').fill('web-01');
  await shot(page, 'playbook-start-run');
  await form.getByRole('button', { name: 'Start dry run' }).click();
  await page.waitForURL(/\/runs\//);
  await page.locator('.page-head .tag', { hasText: 'dry run' }).waitFor();
  await page.locator('.page-head .badge', { hasText: 'succeeded' }).waitFor({ timeout: 30000 });
  await shot(page, 'run-detail-dry-run');
  await page.close();
}

async function otherScreens() {
  const page = await signIn('ana');
  await page.goto(`${base}/runs`);
  await page.getByRole('table').waitFor();
  await shot(page, 'runs-list');
  await page.goto(`${base}/playbooks`);
  await page.getByRole('link', { name: 'block-ip' }).waitFor();
  await shot(page, 'playbooks-list');
  await page.goto(`${base}/dashboard`);
  await page.getByText('mean time to decision').waitFor();
  await shot(page, 'dashboard');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/approvals`);
  await page.getByRole('heading', { name: 'Approvals' }).waitFor();
  await shot(page, 'approvals-narrow');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, 'sign-in');
  await page.getByLabel('Username').fill('ana');
  await page.getByLabel('Password').fill('wrong-password-42');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('The username or password is wrong', { exact: false }).waitFor();
  await page.close();
}

async function childApproval() {
  await call('POST', '/api/v1/playbooks', {
    key: 'contain-host',
    title: 'Contain a host',
    inputs: { type: 'object', required: ['ip'], properties: { ip: { type: 'string' } } },
    steps: [{ id: 'sub', playbook: 'block-ip', with: { ip: '${{ inputs.ip }}' } }],
  });
  const parent = (await call('POST', '/api/v1/runs', { playbook: 'contain-host', inputs: { ip: '192.0.2.44' } })).runId;
  const child = `${parent}.sub`; // a child run's id is addressable: no '/' in it
  const page = await signIn('ana');
  await page.goto(`${base}/approvals`);
  const card = page.getByRole('listitem', { name: 'approval Block 192.0.2.44?' });
  await card.waitFor();
  await card.getByRole('button', { name: 'Approve' }).click();
  await page.getByText('You approved “Block 192.0.2.44?”.').waitFor();
  await page.goto(`${base}/runs/${child}`);
  await page.locator('.page-head .badge', { hasText: 'succeeded' }).waitFor({ timeout: 30000 });
  await page.locator('[data-step="approve"][data-status="succeeded"]').waitFor();
  await page.goto(`${base}/runs/${parent}`);
  await page.locator('.page-head .badge', { hasText: 'succeeded' }).waitFor({ timeout: 30000 });
  const run = await call('GET', `/api/v1/runs/${child}`);
  assert.equal(run.status, 'succeeded');
  await page.close();
}

// ------------------------------------------------------------------ helpers

async function test(name, fn) {
  const t0 = Date.now();
  await fn();
  console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
}

async function signIn(user) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  await page.goto(base + '/');
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(user === 'admin' ? OWNER_PASSWORD : PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('who').waitFor();
  return page;
}

async function replaceEditorText(page, text) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

async function shot(page, name) {
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function call(method, path, body, key = KEY) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function startRun(_as, inputs) {
  const r = await call('POST', '/api/v1/runs', { playbook: 'block-ip', inputs });
  return r.runId;
}

async function seed() {
  for (const [username, role] of [
    ['ana', 'analyst'],
    ['vic', 'viewer'],
    ['eng', 'engineer'],
  ]) {
    await call('POST', '/api/v1/users', { username, role, password: PASSWORD, displayName: username.toUpperCase() });
  }
  const { readFileSync } = await import('node:fs');
  await call('POST', '/api/v1/playbooks', readFileSync(join(repo, 'docs/examples/block-ip.json'), 'utf8'));
}

async function waitUp() {
  const until = Date.now() + 120000;
  while (Date.now() < until) {
    if (vigil.exitCode !== null) throw new Error('Vigil exited during start-up');
    try {
      const r = await fetch(base + '/actuator/health');
      if (r.ok && (await r.json()).status === 'UP') return;
    } catch {
      // not listening yet
    }
    await new Promise((ok) => setTimeout(ok, 500));
  }
  throw new Error('Vigil did not come up within 120 s');
}
