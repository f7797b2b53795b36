/**
 * Browser test: builds the app, serves it with `vite preview`, and drives it in Debian's
 * Chromium through playwright-core: break etcd quorum from the fault menu, watch a write time
 * out in the terminal and the leader step down, restore quorum, read the role changes in the
 * event log, inspect the leader's Raft role statechart, and save screenshots.
 * Skipped (with a warning) where /usr/bin/chromium is not installed; CI installs it.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CHROMIUM, hasChromium, openApp, ROOT, type App } from './harness.ts';

const PORT = 4173;
const OUT_DIR = '/tmp/k8sim-e2e-app';
const URL = `http://127.0.0.1:${PORT}/`;
const SCREENSHOT = resolve(ROOT, 'test-results/topology.png');
const INSPECTOR_SHOT = resolve(ROOT, 'test-results/inspector.png');

if (!hasChromium) console.warn(`[e2e] ${CHROMIUM} not found: skipping the browser test (apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('app in Chromium', () => {
  let app: App;
  let page: Page;
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    app = await openApp(PORT, OUT_DIR);
    page = app.page;
    consoleErrors = app.consoleErrors;
  }, 90_000);

  afterAll(async () => {
    await app?.close();
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
