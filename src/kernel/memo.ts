/**
 * A pure function of a string (or a number), remembered per argument. The simulation asks for the
 * same process names, timer keys, timer targets, data paths and timestamps on every event;
 * building each anew costs a string (or an object) and, for a string used as a Map key downstream,
 * its hash again. One answer per argument keeps both. Bounded: the memo is emptied when it holds `limit` arguments, which
 * changes nothing but speed.
 */
export function memoized<T, K extends string | number = string>(compute: (arg: K) => T, limit = 1024): (arg: K) => T {
  const memo = new Map<K, T>();
  return (arg) => {
    let out = memo.get(arg);
    if (out === undefined) {
      out = compute(arg);
      if (memo.size >= limit) memo.clear();
      memo.set(arg, out);
    }
    return out;
  };
}
