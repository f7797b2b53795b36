/**
 * Browser test for the control plane in the app (issue 3 item 7): paste a Pod that requests 64
 * CPUs into the terminal, let virtual time run, select the Pending pod's chip and read the
 * scheduler's per-node verdicts: the workers fail NodeResourcesFit ("Insufficient cpu") and the
 * control-plane nodes fail TaintToleration on node-role.kubernetes.io/control-plane (reference
 * k8s-behavior.md §4.2, §4.3; K pkg/scheduler/framework/plugins/noderesources/fit.go,
 * pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go).
 * Same harness as app.e2e.test.ts, on its own port; skipped where /usr/bin/chromium is missing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(__dirname, '../..');
const PORT = 4175;
const URL = `http://127.0.0.1:${PORT}/`;
const SHOT = resolve(ROOT, 'test-results/controlplane.png');
const OUT_DIR = '/tmp/k8sim-e2e-controlplane';
const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)('control plane in Chromium', () => {
  let server: ChildProcess | undefined;
  let context: BrowserContext | undefined;
  let profile: string | undefined;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    // Its own output directory, so it never races app.e2e.test.ts's build of dist/ when both run at once.
    const build = spawnSync('./node_modules/.bin/vite', ['build', '--outDir', OUT_DIR, '--emptyOutDir'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`vite build failed:\n${build.stdout}\n${build.stderr}`);
    server = spawn('./node_modules/.bin/vite', ['preview', '--outDir', OUT_DIR, '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { cwd: ROOT, stdio: 'ignore' });
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
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (server?.pid !== undefined) process.kill(server.pid, 'SIGTERM');
    if (profile) rmSync(profile, { recursive: true, force: true });
    rmSync(OUT_DIR, { recursive: true, force: true });
  });

  it('shows the scheduler verdicts for a pod that fits nowhere', async () => {
    await page.goto(URL);
    await page.getByTestId('speed').selectOption('10');
    // Wait for the nodes to register and one scheduler to hold its Lease.
    await page.getByTestId('node-worker-3').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.cp-comp.leader').count(), { timeout: 15_000 }).toBe(2);

    await page.getByTestId('terminal').click();
    await page.keyboard.type('kubectl create deployment web --image=nginx --replicas=3');
    await page.keyboard.press('Enter');
    // Running pods appear on the workers' boxes as squares (objects/hostMarks.ts).
    await expect.poll(() => page.locator('[data-testid^="podmark-default/web-"]').count(), { timeout: 15_000 }).toBe(3);
    const manifest = ['cat > big.yaml <<EOF', 'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: big', 'spec:', '  containers:', '  - name: c', '    image: nginx', '    resources:', '      requests:', '        cpu: "64"', 'EOF'];
    // A paste arrives at the line editor whole (lineEditor.ts), so the heredoc stays together.
    await page.evaluate((text) => {
      const ta = document.querySelector('.xterm-helper-textarea')!;
      const data = new DataTransfer();
      data.setData('text/plain', text);
      ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, `${manifest.join('\n')}\n`);
    await page.keyboard.type('kubectl apply -f big.yaml');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (window.__k8sim?.terminalText() ?? '').includes('pod/big created'), undefined, { timeout: 15_000 }).catch(async (e) => {
      throw new Error(`${String(e)}\nterminal:\n${await page.evaluate(() => window.__k8sim?.terminalText() ?? '')}`);
    });

    const chip = page.getByTestId('pod-default/big');
    await chip.waitFor({ timeout: 15_000 });
    await expect.poll(() => chip.textContent()).toContain('Pending');
    await chip.click();
    await page.getByTestId('verdicts').waitFor({ timeout: 15_000 });
    for (const n of ['worker-1', 'worker-2', 'worker-3']) {
      expect(await page.getByTestId(`verdict-${n}`).textContent()).toContain('NodeResourcesFit: Insufficient cpu');
    }
    for (const n of ['cp-1', 'cp-2', 'cp-3']) {
      expect(await page.getByTestId(`verdict-${n}`).textContent()).toContain('untolerated taint {node-role.kubernetes.io/control-plane: }');
    }
    expect(await page.getByTestId('failed-scheduling').textContent()).toMatch(/^0\/6 nodes are available: 3 Insufficient cpu, 3 node\(s\) had untolerated taint/);
    await expect.poll(() => page.getByTestId('pod-inspector').textContent(), { timeout: 10_000 }).toContain('FailedScheduling');
    mkdirSync(resolve(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: SHOT });
    expect(consoleErrors).toEqual([]);
  }, 45_000);

  it('shows one leader of each on the single preset', async () => {
    await page.getByTestId('preset').selectOption('single');
    await page.getByTestId('node-worker-2').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.cp-comp.leader').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.getByTestId('host-cp-1').textContent()).toContain('★ scheduler');
    await page.screenshot({ path: resolve(ROOT, 'test-results/controlplane-single.png') });
    expect(consoleErrors).toEqual([]);
  }, 30_000);
});
