/**
 * Browser test for the control plane in the app (issue 3 item 7): paste a Pod that requests 64
 * CPUs into the terminal, let virtual time run, select the Pending pod's chip and read the
 * scheduler's per-node verdicts: the workers fail NodeResourcesFit ("Insufficient cpu") and the
 * control-plane nodes fail TaintToleration on node-role.kubernetes.io/control-plane (reference
 * k8s-behavior.md §4.2, §4.3; K pkg/scheduler/framework/plugins/noderesources/fit.go,
 * pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go).
 * Same harness as app.e2e.test.ts, on its own port; skipped where /usr/bin/chromium is missing.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, openApp, ROOT, type App } from './harness.ts';

const PORT = 4175;
const URL = `http://127.0.0.1:${PORT}/`;
const SHOT = resolve(ROOT, 'test-results/controlplane.png');
const OUT_DIR = '/tmp/k8sim-e2e-controlplane';

describe.skipIf(!hasChromium)('control plane in Chromium', () => {
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

    // Any object: the Deployment's live YAML and its ScalingReplicaSet event.
    await page.getByTestId('object-kind').selectOption('deployments');
    await page.getByTestId('object-deployments:default/web').click();
    await expect.poll(() => page.getByTestId('pod-inspector').textContent(), { timeout: 10_000 }).toContain('deployment.apps default/web');
    expect(await page.getByTestId('pod-inspector').textContent()).toContain('ScalingReplicaSet');
    expect(await page.getByTestId('pod-inspector').textContent()).toContain('kind: Deployment');
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
