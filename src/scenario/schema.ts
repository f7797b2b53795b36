/**
 * Scenario files: one YAML file per lesson, read by the app's lesson panel and by `k8sim run`.
 * No code in YAML: steps carry text, a hint, solution commands and declarative checks.
 */
export type Level = 'beginner' | 'intermediate' | 'advanced';
export const LEVELS: readonly Level[] = ['beginner', 'intermediate', 'advanced'];
export type PresetName = 'single' | 'ha' | 'ha-external';
export const PRESET_NAMES: readonly PresetName[] = ['single', 'ha', 'ha-external'];

/** What a file may leave out. */
export const DEFAULTS = { level: 'beginner', minutes: 10, cluster: { preset: 'ha', seed: 1 } } as const;

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

/**
 * What a `run` check expects. Without `exitCode`, a check that states no positive output
 * expectation (`output`, `contains`, `matches`) requires exit 0, so `notContains` alone cannot
 * pass vacuously on a command that failed.
 */
export interface RunExpectation {
  exitCode?: number;
  /** Exact output, compared after trimming trailing whitespace of the whole output. */
  output?: string;
  contains?: string[];
  notContains?: string[];
  /** A JavaScript regular expression (multiline) the output must match. */
  matches?: string;
}

/** `line` is the check's line in the file, for messages. */
export type Check =
  | { kind: 'run'; command: string; host?: string; expect: RunExpectation; line: number }
  /** `leader`: some running member is leader and can commit (hasQuorum); `quorum`: any running member can commit. */
  | { kind: 'etcd'; leader?: boolean; leaderOn?: string; membersRunning?: number; quorum?: boolean; line: number }
  | { kind: 'host'; name: string; up: boolean; line: number };
