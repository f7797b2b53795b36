/**
 * What the scenario runner needs from a simulation. The shell implements it (src/shell/driver.ts),
 * so this folder never imports the simulation.
 */
export interface CommandResult {
  output: string;
  exitCode: number;
}

export interface ClusterFacts {
  nowMs: number;
  hosts: { name: string; up: boolean }[];
  etcd: {
    host: string;
    name: string;
    running: boolean;
    /** 'leader' | 'follower' | 'candidate' | 'pre-candidate' */
    role: string;
    term: number;
    isLearner: boolean;
    /** This member sees a leader it can commit through. */
    hasQuorum: boolean;
  }[];
}

export interface ScenarioDriver {
  /** Runs one shell command line (may contain a here-document) to completion in virtual time, on the shell's current host. */
  exec(command: string): CommandResult;
  /** An independent copy of the whole simulation (a checkpoint), so checks never change the lesson. */
  fork(): ScenarioDriver;
  facts(): ClusterFacts;
}
