/**
 * Browser test for the node inspector (issue 5): select a worker by its name and see its
 * kube-proxy and the kernel's IPVS table, as `ipvsadm -Ln` prints it on that node — the
 * `kubernetes` Service's virtual server 10.96.0.1:443 with the apiservers as real servers
 * (pkg/proxy/ipvs/README.md), then a new Service's virtual server once kube-proxy syncs it; and
 * the node's pod network: flannel's routes through flannel.1 and containerd's NetworkReady.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { hasChromium, openApp, ROOT, type App } from './harness.ts';

const PORT = 4177;
const URL = `http://127.0.0.1:${PORT}/`;
const OUT_DIR = '/tmp/k8sim-e2e-node';

describe.skipIf(!hasChromium)('node inspector in Chromium', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await openApp(PORT, OUT_DIR);
    page = app.page;
  }, 90_000);

  afterAll(async () => {
    await app?.close();
  });

  it("shows a node's IPVS table and follows kube-proxy's syncs", async () => {
    await page.goto(URL);
    await page.getByTestId('speed').selectOption('10');
    await page.getByTestId('node-worker-1').waitFor({ timeout: 15_000 });
    await page.getByTestId('host-name-worker-1').click();
    const inspector = page.getByTestId('node-inspector');
    await inspector.waitFor({ timeout: 15_000 });
    expect(await inspector.getAttribute('data-host')).toBe('worker-1');
    const table = page.getByTestId('node-ipvs');
    await expect.poll(async () => (await table.count()) > 0 && /TCP {2}10\.96\.0\.1:443 rr\n {2}-> 10\.0\.0\.1\d:6443/.test((await table.textContent()) ?? ''), { timeout: 30_000, interval: 200 }).toBe(true);
    await page.getByTestId('terminal').click();
    await page.keyboard.type('kubectl create service clusterip web --tcp=80:8080');
    await page.keyboard.press('Enter');
    await expect.poll(async () => /TCP {2}10\.\d+\.\d+\.\d+:80 rr/.test((await table.textContent()) ?? ''), { timeout: 30_000, interval: 200 }).toBe(true);
    // The pod network: flannel's routes to the other nodes' subnets (vxlan_network.go) and containerd's NetworkReady.
    const routes = page.getByTestId('node-routes');
    await expect.poll(async () => (await routes.count()) > 0 && /10\.244\.\d+\.0\/24 via 10\.244\.\d+\.0 dev flannel\.1 onlink/.test((await routes.textContent()) ?? ''), { timeout: 30_000, interval: 200 }).toBe(true);
    expect(await page.getByTestId('node-network-ready').textContent()).toContain('NetworkReady=true');
    mkdirSync(resolve(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: resolve(ROOT, 'test-results/node-ipvs.png'), fullPage: true });
    expect(app.consoleErrors).toEqual([]);
  }, 60_000);
});
