/**
 * The scenario driver: a shell session over a world, as the scenario runner and `k8sim run`
 * use it. `fork` checkpoints the world (structuredClone) so checks never change the lesson.
 */
import { createWorld } from '../simulation/presets.ts';
import { checkpoint, type PresetName, type World } from '../simulation/world.ts';
import { etcdFacts } from '../simulation/facts.ts';
import type { ClusterFacts, CommandResult, ScenarioDriver } from '../scenario/driver.ts';
import { createSession, jobText, runToCompletion, type Session } from './session.ts';

export function defaultHostFor(w: World): string {
  return w.hostOrder.find((h) => w.hosts[h]!.role === 'control-plane' && w.etcd[h]) ?? w.hostOrder.find((h) => w.etcd[h]) ?? w.hostOrder[0]!;
}

export function createDriver(opts: { preset: PresetName; seed: number }): ScenarioDriver & { session: Session } {
  const world = createWorld(opts);
  return driverFor(createSession(world, defaultHostFor(world)));
}

export function driverFor(session: Session): ScenarioDriver & { session: Session } {
  return {
    session,
    exec(command: string): CommandResult {
      const job = runToCompletion(session, command);
      return { output: jobText(job), exitCode: job.exitCode };
    },
    fork() {
      const world = checkpoint(session.world);
      return driverFor({ ...structuredClone({ ...session, world: undefined }), world } as Session);
    },
    facts(): ClusterFacts {
      const w = session.world;
      return {
        nowMs: w.kernel.now,
        hosts: w.hostOrder.map((name) => ({ name, up: w.hosts[name]!.up })),
        etcd: etcdFacts(w).map((f) => ({ host: f.host, name: f.name, running: f.running, role: f.role, term: f.term, isLearner: f.isLearner, hasQuorum: f.hasQuorum })),
      };
    },
  };
}
