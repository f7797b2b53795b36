/**
 * View-only state (zustand/vanilla, no React): which etcd member the inspector shows and what
 * the event log filters. Nothing here touches the world.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EventLogMode } from './eventLog.ts';

export interface UiState {
  /** Host of the etcd member shown in the inspector, or null. */
  selected: string | null;
  logMode: EventLogMode;
  /** The pod ("namespace/name") shown in the object inspector, or null. */
  selectedPod: string | null;
}

export interface UiStore {
  store: StoreApi<UiState>;
  /** Selects a member; selecting the selected one again closes the inspector. */
  toggle(host: string): void;
  clear(): void;
  setLogMode(mode: EventLogMode): void;
  /** Selects a pod; selecting it again closes the object inspector. */
  togglePod(key: string): void;
}

export function createUiStore(initial: Partial<UiState> = {}): UiStore {
  const store = createStore<UiState>(() => ({ selected: null, logMode: 'key', selectedPod: null, ...initial }));
  return {
    store,
    toggle: (host) => store.setState((s) => ({ selected: s.selected === host ? null : host })),
    clear: () => store.setState({ selected: null }),
    setLogMode: (logMode) => store.setState({ logMode }),
    togglePod: (key) => store.setState((s) => ({ selectedPod: s.selectedPod === key ? null : key })),
  };
}
