/**
 * Browser test for the pod lifecycle in the app (issue 4 item 5): start a pod whose container
 * exits after 3 s, select it, and watch its container statechart move as the clock runs —
 * Running, then Terminated / CrashLoopBackOff (KW concepts/workloads/pods/pod-lifecycle.md,
 * "Container restarts": the first restart is immediate, then 10 s, 20 s, …). Same harness as the
 * other browser tests, on its own port; skipped where /usr/bin/chromium is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { hasChromium, openApp, ROOT, type App } from './harness.ts';

const PORT = 4176;
const URL = `http://127.0.0.1:${PORT}/`;
const OUT_DIR = '/tmp/k8sim-e2e-pod';

describe.skipIf(!hasChromium)('pod lifecycle in Chromium', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await openApp(PORT, OUT_DIR);
    page = app.page;
  }, 90_000);

  afterAll(async () => {
    await app?.close();
  });

  it("draws a container's statechart and lights each state as the clock runs", async () => {
    await page.goto(URL);
    await page.getByTestId('speed').selectOption('10');
    await page.getByTestId('node-worker-3').waitFor({ timeout: 15_000 });
    await page.getByTestId('terminal').click();
    await page.keyboard.type('kubectl run crash --image=busybox:1.36 -- sh -c "sleep 3; exit 1"');
    await page.keyboard.press('Enter');
    const chip = page.getByTestId('pod-default/crash');
    await chip.waitFor({ timeout: 15_000 });
    await chip.click();
    const container = page.getByTestId('container-crash');
    await container.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('container-charts').locator('[data-testid="statechart"]').count()).toBe(1);
    // Every state of the machine is drawn; the current one is lit.
    expect(await container.locator('.sc-state').count()).toBe(12);
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          const s = (await container.getAttribute('data-state')) ?? '';
          seen.add(s);
          expect(await container.getByTestId('statechart-current').getAttribute('data-state')).toBe(s);
          return seen.has('Running') && (seen.has('CrashLoopBackOff') || seen.has('Terminated'));
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBe(true);
    expect(await container.getByTestId('transitions').textContent()).toMatch(/exited with code 1 \(Error\)/);
    mkdirSync(resolve(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: resolve(ROOT, 'test-results/pod-statechart.png'), fullPage: true });
    expect(app.consoleErrors).toEqual([]);
  }, 60_000);

  it("shows a busy ReplicaSet's Events as client-go's correlator sends them: 9 of their own, then one combined", async () => {
    // staging/src/k8s.io/client-go/tools/record/events_cache.go: 10 similar Events become one
    // "(combined from similar events): …" Event, and a source sends at most 25 about one object at once.
    await page.getByTestId('terminal').click();
    await page.keyboard.type('kubectl create deployment many --image=nginx --replicas=30');
    await page.keyboard.press('Enter');
    await page.getByTestId('object-kind').selectOption('replicasets');
    const rs = page.locator('[data-testid^="object-replicasets:default/many-"]').first();
    await rs.waitFor({ timeout: 15_000 });
    await rs.click();
    const inspector = page.getByTestId('pod-inspector');
    await expect.poll(() => inspector.textContent(), { timeout: 20_000 }).toMatch(/\(x16 over [^)]*\)replicaset-controller\(combined from similar events\): Created pod: many-/);
    expect(await inspector.locator('table.events tbody tr').count()).toBe(10);
    await inspector.locator('table.events').scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve(ROOT, 'test-results/replicaset-events.png') });
    expect(app.consoleErrors).toEqual([]);
  }, 60_000);
});
