/** K pkg/scheduler/framework/plugins/helper/normalize_score.go */
import type { NodeScore } from '../interface.ts';

/**
 * `DefaultNormalizeScore`: scale scores so the highest becomes `maxPriority` (integer division,
 * as Go's int64 arithmetic). With `reverse` the best raw score (the lowest) ends up highest.
 * If every score is 0 they all become 0, or `maxPriority` when reversed.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: NodeScore[]): NodeScore[] {
  const maxCount = Math.max(0, ...scores.map((s) => s.score));
  if (maxCount === 0) return scores.map((s) => ({ name: s.name, score: reverse ? maxPriority : s.score }));
  return scores.map((s) => {
    const scaled = Math.trunc((maxPriority * s.score) / maxCount);
    return { name: s.name, score: reverse ? maxPriority - scaled : scaled };
  });
}
