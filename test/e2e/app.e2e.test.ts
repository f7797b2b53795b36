/**
 * Browser test: builds the app, serves it with `vite preview`, and drives it in Debian's
 * Chromium through playwright-core: break etcd quorum from the fault menu, watch a write time
 * out in the terminal and the leader step down, restore quorum, read the role changes in the
 * event log, inspect the leader's Raft role statechart, and save screenshots.
 * Skipped (with a warning) where /usr/bin/chromium is not installed; CI installs it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(__dirname, '../..');
const PORT = 4173;
const URL = `http://127.0.0.1:${PORT}/`;
const SCREENSHOT = resolve(ROOT, 'test-results/topology.png');
const INSPECTOR_SHOT = resolve(ROOT, 'test-results/inspector.png');
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) console.warn(`[e2e] ${CHROMIUM} not found: skipping the browser test (apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('app in Chromium', () => {
  let server: ChildProcess | undefined;
  let context: BrowserContext | undefined;
  let profile: string | undefined;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const build = spawnSync('./node_modules/.bin/vite', ['build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`vite build failed:\n${build.stdout}\n${build.stderr}`);
    server = spawn('./node_modules/.bin/vite', ['preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { cwd: ROOT, stdio: 'ignore' });
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        if ((await fetch(URL)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error('vite preview did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    profile = mkdtempSync('/tmp/chromium-profile-');
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(String(err)));
  });

  afterAll(async () => {
    await context?.close();
    if (server?.pid !== undefined) process.kill(server.pid, 'SIGTERM');
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const leaderCount = () => page.getByTestId('leader-count').textContent();
  const terminalText = () => page.evaluate(() => window.__k8sim?.terminalText() ?? '');
  const waitForTerminal = (text: string, timeout = 15_000) => page.waitForFunction((t) => (window.__k8sim?.terminalText() ?? '').includes(t), text, { timeout });
  const waitForLeaders = (n: number, timeout = 15_000) => page.waitForFunction((want) => document.querySelector('[data-testid="leader-count"]')?.textContent === String(want), n, { timeout });

  async function fault(host: string, item: string) {
    await page.getByTestId(`host-${host}`).locator('.host-name').click({ button: 'right' });
    await page.getByTestId('fault-menu').waitFor();
    await page.getByTestId(`fault-${item}`).click();
    await page.getByTestId('fault-menu').waitFor({ state: 'detached' });
  }

  it('breaks and restores etcd quorum from the fault menu and the terminal', async () => {
    await page.goto(URL);
    await waitForLeaders(1);
    expect(await page.getByTestId('etcd-cp-1').getAttribute('data-role')).toMatch(/^(leader|follower)$/);
    await page.getByTestId('speed').selectOption('10');

    await fault('cp-2', 'crash');
    await fault('cp-3', 'crash');
    await waitForTerminal('sim crash cp-3');
    const text = await terminalText();
    expect(text).toContain('sim crash cp-2');
    expect(text).toContain('cp-2 crashed at');
    await expect.poll(() => page.getByTestId('host-cp-2').getAttribute('data-up')).toBe('false');

    await page.getByTestId('terminal').click();
    await page.keyboard.type('etcdctl put foo bar');
    await page.keyboard.press('Enter');
    await waitForTerminal('Error: context deadline exceeded');
    await waitForLeaders(0);
    await expect.poll(() => page.getByTestId('no-quorum-banner').isVisible()).toBe(true);

    await fault('cp-2', 'boot');
    await waitForTerminal('sim boot cp-2');
    await waitForLeaders(1);
    expect(await leaderCount()).toBe('1');
    await expect.poll(() => page.getByTestId('no-quorum-banner').count()).toBe(0);

    // The event log tells the story: a leader stepped down or a new one was elected.
    const roleRow = page.getByTestId('event-log').locator('[data-kind="raft.step-down"], [data-kind="raft.become"]').filter({ hasText: /stepped down|became leader/ });
    await expect.poll(() => roleRow.count()).toBeGreaterThan(0);
    expect(await page.getByTestId('event-log').locator('li[data-kind="raft.send"]').count()).toBe(0);

    mkdirSync(resolve(ROOT, 'test-results'), { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);

    // Inspect the leader: its statechart lights the leader state.
    const leader = page.locator('[data-testid^="etcd-"][data-role="leader"]');
    await leader.locator('.member-title').click();
    await page.getByTestId('inspector').waitFor();
    await expect.poll(() => page.getByTestId('statechart-current').textContent()).toBe('leader');
    expect(await page.getByTestId('inspector-why').textContent()).toMatch(/became leader/);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: INSPECTOR_SHOT });
    expect(statSync(INSPECTOR_SHOT).size).toBeGreaterThan(10_000);
    expect(consoleErrors).toEqual([]);
  });
});
