/**
 * ConfigMaps in a container (KW tasks/configure-pod-container/configure-pod-configmap.md; K
 * pkg/kubelet/kubelet_pods.go makeEnvironmentVariables; pkg/volume/configmap/configmap.go).
 */
import { describe, expect, it } from 'vitest';
import { configMapEnv, configMapVolumeFiles, envConfigMaps, mountConfigMapVolumes, volumeConfigMaps, type ConfigMapLookup } from './configmaps.ts';
import type { ContainerSpec } from './types.ts';

const maps: Record<string, Record<string, string> | null> = { 'game-demo': { player_initial_lives: '3', 'ui_properties_file_name': 'user-interface.properties', 'bad key': 'x' }, gone: null };
const lookup: ConfigMapLookup = (name) => maps[name] ?? null;

describe('ConfigMaps as environment variables', () => {
  it('configMapKeyRef takes one key; envFrom takes every key with a valid name, with its prefix; explicit names win', () => {
    const spec = {
      name: 'c',
      envFrom: [{ prefix: 'GAME_', configMapRef: { name: 'game-demo' } }],
      env: [{ name: 'PLAYER_INITIAL_LIVES', valueFrom: { configMapKeyRef: { name: 'game-demo', key: 'player_initial_lives' } } }],
    } as unknown as ContainerSpec;
    expect(envConfigMaps(spec)).toEqual(['game-demo']);
    expect(configMapEnv('default', spec, lookup)).toEqual({
      env: { GAME_player_initial_lives: '3', GAME_ui_properties_file_name: 'user-interface.properties', PLAYER_INITIAL_LIVES: '3' },
      invalidNames: ['bad key'],
    });
  });

  it('a missing ConfigMap or key is CreateContainerConfigError with the kubelet’s words, unless optional', () => {
    const missingMap = { name: 'c', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'gone', key: 'a' } } }] } as unknown as ContainerSpec;
    expect(configMapEnv('default', missingMap, lookup)).toEqual({ configError: 'configmap "gone" not found' });
    const missingKey = { name: 'c', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'game-demo', key: 'nope' } } }] } as unknown as ContainerSpec;
    expect(configMapEnv('shop', missingKey, lookup)).toEqual({ configError: "couldn't find key nope in ConfigMap shop/game-demo" });
    const optional = { name: 'c', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'gone', key: 'a', optional: true } } }] } as unknown as ContainerSpec;
    expect(configMapEnv('default', optional, lookup)).toEqual({ env: {}, invalidNames: [] });
  });
});

describe('ConfigMap volumes', () => {
  const volumes = [
    { name: 'config', configMap: { name: 'game-demo', items: [{ key: 'ui_properties_file_name', path: 'ui.properties' }] } },
    { name: 'all', configMap: { name: 'game-demo' } },
  ];

  it('each key is a file in the volume (or only the items, at their paths)', () => {
    expect(volumeConfigMaps(volumes)).toEqual(['game-demo']);
    expect(mountConfigMapVolumes(volumes, lookup)).toBeNull();
    expect(configMapVolumeFiles(volumes, lookup)).toEqual({
      config: { '/ui.properties': 'user-interface.properties' },
      all: { '/bad key': 'x', '/player_initial_lives': '3', '/ui_properties_file_name': 'user-interface.properties' },
    });
  });

  it('a missing ConfigMap fails the mount (FailedMount), unless optional', () => {
    expect(mountConfigMapVolumes([{ name: 'cfg', configMap: { name: 'gone' } }], lookup)).toBe('MountVolume.SetUp failed for volume "cfg" : configmap "gone" not found');
    expect(mountConfigMapVolumes([{ name: 'cfg', configMap: { name: 'gone', optional: true } }], lookup)).toBeNull();
    expect(mountConfigMapVolumes([{ name: 'cfg', configMap: { name: 'game-demo', items: [{ key: 'x', path: 'x' }] } }], lookup)).toBe('MountVolume.SetUp failed for volume "cfg" : configmap references non-existent config key: x');
  });
});
