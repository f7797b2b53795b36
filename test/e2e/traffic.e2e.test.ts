/**
 * Browser test for the request animation (issue 5): `curl` to a ClusterIP typed in the terminal is
 * drawn as a request leaving the client's node and reaching the node of the pod that answered —
 * the backend the client node's IPVS table chose (kube-proxy IPVS mode: a ClusterIP is balanced
 * by the node the connection leaves, pkg/proxy/ipvs/README.md) — and the Service drawn under the
 * nodes with an arc to each ready endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { hasChromium, openApp, ROOT, type App } from './harness.ts';

const PORT = 4178;
const URL = `http://127.0.0.1:${PORT}/`;
const OUT_DIR = '/tmp/k8sim-e2e-traffic';

describe.skipIf(!hasChromium)('request animation in Chromium', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await openApp(PORT, OUT_DIR);
    page = app.page;
  }, 90_000);

  afterAll(async () => {
    await app?.close();
  });

  async function type(line: string): Promise<void> {
    await page.getByTestId('terminal').click();
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  }

  it('animates a curl to a ClusterIP from the client pod to the pod that answered', async () => {
    await page.goto(URL);
    await page.getByTestId('speed').selectOption('10');
    await page.getByTestId('node-worker-1').waitFor({ timeout: 15_000 });
    await type('kubectl create deployment web --image=registry.k8s.io/e2e-test-images/agnhost:2.52 --replicas=2 -- /agnhost serve-hostname');
    await type('kubectl expose deployment web --port=80 --target-port=9376 --cluster-ip=10.96.100.100');
    await type('kubectl run client --image=registry.k8s.io/e2e-test-images/agnhost:2.52 -- pause');
    await type('sleep 20');
    // Ask until a request is drawn (the first tries may come before the pods are ready). The
    // animation lasts 1.6 s of wall time, so look for it right after each request.
    const flight = page.getByTestId('request-flight');
    let drawn = false;
    for (let attempt = 0; attempt < 20 && !drawn; attempt++) {
      await type('kubectl exec client -- curl -s http://10.96.100.100');
      drawn = await flight
        .first()
        .waitFor({ state: 'attached', timeout: 1_500 })
        .then(() => true)
        .catch(() => false);
    }
    expect(drawn).toBe(true);
    const pod = await flight.first().getAttribute('data-pod');
    expect(pod).toMatch(/^default\/web-[a-z0-9]+-[a-z0-9]{5}$/);
    expect(await flight.first().getAttribute('data-to')).toMatch(/^worker-\d$/);
    // The Service is drawn under the nodes with an arc to each of its two ready pods.
    await expect.poll(async () => page.getByTestId('service-default/web').getAttribute('data-endpoints'), { timeout: 10_000 }).toBe('2');
    mkdirSync(resolve(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: resolve(ROOT, 'test-results/request-flight.png'), fullPage: true });
    expect(app.consoleErrors).toEqual([]);
  }, 120_000);
});
