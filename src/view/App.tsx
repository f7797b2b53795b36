/** The page: header with cluster and time controls, topology, terminal, inspector and lesson panel, event log. */
import { useCallback, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { SimController } from '../store/simulationStore.ts';
import type { PresetName } from '../simulation/world.ts';
import { PRESETS } from '../simulation/presets.ts';
import { degradedLinks, hostFaultItems, linkFaultItems, type FaultItem, type FaultTarget } from './faults.ts';
import { FaultMenu } from './FaultMenu.tsx';
import { TimeControls } from './TimeControls.tsx';
import { Topology } from './topology/Topology.tsx';
import { TerminalPane } from './terminal/TerminalPane.tsx';
import type { TerminalBinding } from './terminal/terminalBinding.ts';
import { LessonPanel } from './lesson/LessonPanel.tsx';
import type { LessonController } from './lesson/lessonController.ts';
import { EventLog } from './EventLog.tsx';
import { Inspector } from './inspector/Inspector.tsx';
import type { UiStore } from './uiStore.ts';
import { ClusterPanel } from './objects/ClusterPanel.tsx';
import { PodInspector } from './objects/PodInspector.tsx';
import { NodeInspector } from './objects/NodeInspector.tsx';
import { nodeDetails } from './objects/nodeDetails.ts';
import { objectKeys, selectionDetails } from './objects/objectDetails.ts';

export interface AppProps {
  controller: SimController;
  lessons: LessonController;
  ui: UiStore;
  onTerminal?(binding: TerminalBinding | null): void;
}

interface MenuState {
  target: FaultTarget;
  x: number;
  y: number;
}

export function App({ controller, lessons, ui, onTerminal }: AppProps) {
  const view = useStore(controller.store, (s) => s.view);
  const playing = useStore(controller.store, (s) => s.playing);
  const speed = useStore(controller.store, (s) => s.speed);
  const selected = useStore(ui.store, (s) => s.selected);
  const selectedPod = useStore(ui.store, (s) => s.selectedPod);
  // Read on demand for the one selected pod, each time the snapshot changes (at most once per frame).
  const details = selectedPod ? selectionDetails(controller.world(), selectedPod) : null;
  const inspected = selected !== null && view.etcd.some((m) => m.host === selected) ? selected : null;
  // Any Kubernetes node can be selected: its kube-proxy and IPVS table (read on demand for that one node).
  const node = selected !== null ? nodeDetails(controller.world(), selected) : null;
  const [menu, setMenu] = useState<MenuState | null>(null);
  const [seedText, setSeedText] = useState(String(view.seed));
  // A lesson may reset the cluster to its own seed: show the seed in use.
  useEffect(() => setSeedText(String(view.seed)), [view.seed]);
  const closeMenu = useCallback(() => setMenu(null), []);
  const openMenu = useCallback((target: FaultTarget, x: number, y: number) => setMenu({ target, x, y }), []);

  const reset = (preset: PresetName, seed: number) => {
    setMenu(null);
    // A lesson's steps assume its own cluster: leave the lesson when the user picks another.
    lessons.close();
    // A new cluster has none of the old one's pods.
    if (selectedPod) ui.togglePod(selectedPod);
    controller.reset(preset, Number.isInteger(seed) ? seed : 1);
  };
  const pick = (item: FaultItem) => {
    setMenu(null);
    controller.submit(item.command);
  };

  let menuTitle = '';
  let menuItems: FaultItem[] = [];
  if (menu?.target.type === 'host') {
    const name = menu.target.host;
    const host = view.hosts.find((h) => h.name === name);
    menuTitle = `${name}${host ? ` (${host.ip})` : ''}`;
    if (host) menuItems = hostFaultItems(host, view.etcd.find((m) => m.host === name), controller.session().host);
  } else if (menu?.target.type === 'link') {
    menuTitle = `link ${menu.target.a} ↔ ${menu.target.b}`;
    menuItems = linkFaultItems(menu.target.a, menu.target.b);
  }

  return (
    <div className="app">
      <header className="header">
        <h1>k8sim</h1>
        <span className="tagline muted">Kubernetes, simulated</span>
        <label>
          preset
          <select data-testid="preset" value={view.preset} onChange={(e) => reset(e.target.value as PresetName, Number(seedText))}>
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          seed
          <input data-testid="seed" className="seed" type="number" value={seedText} onChange={(e) => setSeedText(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && reset(view.preset, Number(seedText))} />
        </label>
        <button data-testid="reset" title="Create a fresh cluster from this preset and seed" onClick={() => reset(view.preset, Number(seedText))}>
          ↻ New cluster
        </button>
        <span className="spacer" />
        <TimeControls controller={controller} playing={playing} speed={speed} clock={view.clock} events={view.eventsProcessed} />
        <button data-testid="heal" className="heal" title="Remove every network partition (sim heal)" onClick={() => controller.submit('sim heal')}>
          ✚ Heal
        </button>
      </header>
      <main className="main">
        <section className="pane-topology">
          <Topology view={view} speed={speed} degraded={degradedLinks(controller.world().network)} onMenu={openMenu} selected={inspected ?? (node ? selected : null)} onSelect={ui.toggle} onSelectPod={ui.togglePod} />
        </section>
        <section className="pane-terminal">
          <TerminalPane controller={controller} onReady={onTerminal} />
        </section>
        <div className="pane-side">
          {inspected && <Inspector view={view} host={inspected} onClose={ui.clear} />}
          {node && <NodeInspector details={node} />}
          {details && selectedPod && <PodInspector details={details} onClose={() => ui.togglePod(selectedPod)} />}
          <ClusterPanel cluster={view.cluster} selectedPod={selectedPod} onSelectPod={ui.togglePod} listObjects={(r) => objectKeys(controller.world(), r)} />
          <LessonPanel lessons={lessons} />
        </div>
        <section className="pane-log">
          <EventLog view={view} ui={ui} />
        </section>
      </main>
      {menu && menuItems.length > 0 && <FaultMenu title={menuTitle} items={menuItems} x={menu.x} y={menu.y} onPick={pick} onClose={closeMenu} />}
    </div>
  );
}
