/**
 * Every command the shell can run itself: the builtins and the utilities it models, by name.
 */
import { CONTROL_BUILTINS } from './builtins.ts';
import { FILE_UTILITIES } from './files.ts';
import { MISC_UTILITIES } from './misc.ts';
import { NET_UTILITIES } from './net.ts';
import { TEXT_UTILITIES } from './text.ts';
import type { Utility } from './util.ts';

export const UTILITIES: Record<string, Utility> = { ...CONTROL_BUILTINS, ...TEXT_UTILITIES, ...FILE_UTILITIES, ...MISC_UTILITIES, ...NET_UTILITIES };
export const SHELLS = new Set(['sh', 'ash', 'dash', 'bash']);
