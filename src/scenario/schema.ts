/**
 * Scenario files: one YAML file per lesson, read by the app's lesson panel and by `k8sim run`.
 * No code in YAML: steps carry text, a hint, solution commands and declarative checks.
 */
export type Level = 'beginner' | 'intermediate' | 'advanced';
export type PresetName = 'single' | 'ha' | 'ha-external';
export const PRESET_NAMES: readonly PresetName[] = ['single', 'ha', 'ha-external'];

export interface Scenario {
  id: string;
  title: string;
  summary: string;
  level: Level;
  minutes: number;
  cluster: { preset: PresetName; seed: number };
  setup: string[];
  steps: Step[];
  faults: TrainerFault[];
  file: string;
}

export interface Step {
  id: string;
  title: string;
  /** Markdown; inline `code` that is a command is clickable in the app. */
  text: string;
  hint?: string;
  solution: string[];
  check: Check[];
  line: number;
}

/** A named fault sequence a trainer can fire from the lesson panel. */
export interface TrainerFault {
  name: string;
  description?: string;
  commands: string[];
}

export interface RunExpectation {
  exitCode?: number;
  /** Exact output, compared after trimming trailing whitespace of the whole output. */
  output?: string;
  contains?: string[];
  notContains?: string[];
  /** A JavaScript regular expression (multiline) the output must match. */
  matches?: string;
}

export type Check =
  | { kind: 'run'; command: string; host?: string; expect: RunExpectation; line: number }
  | { kind: 'etcd'; leader?: boolean; leaderOn?: string; membersRunning?: number; quorum?: boolean; line: number }
  | { kind: 'host'; name: string; up: boolean; line: number };
