/**
 * A binary min-heap over plain objects that remember their own position (`heapIndex`), so an
 * item can be removed or re-sorted in O(log n) without a search — what the scheduling queue's
 * activeQ and backoffQ are upstream (K pkg/scheduler/backend/heap/heap.go keeps the index in a
 * map; here it lives on the item, which is plain data and survives a world checkpoint).
 *
 * `less` must be a strict total order, so the head is the same whatever order items came in.
 */
export interface HeapItem {
  /** Position in the heap's array; -1 while the item is in no heap. */
  heapIndex: number;
}

export type Less<T> = (a: T, b: T) => boolean;

export function heapPush<T extends HeapItem>(h: T[], x: T, less: Less<T>): void {
  x.heapIndex = h.length;
  h.push(x);
  up(h, x.heapIndex, less);
}

/** Removes and returns the least item. */
export function heapPop<T extends HeapItem>(h: T[], less: Less<T>): T | undefined {
  const top = h[0];
  if (top) heapRemove(h, top, less);
  return top;
}

/** Removes `x`, which must be in `h`. */
export function heapRemove<T extends HeapItem>(h: T[], x: T, less: Less<T>): void {
  const i = x.heapIndex;
  const last = h.pop()!;
  x.heapIndex = -1;
  if (last === x) return;
  h[i] = last;
  last.heapIndex = i;
  // The moved item may belong above or below its new place.
  if (!down(h, i, less)) up(h, i, less);
}

/** Restores the order after `x`'s sort key changed. */
export function heapFix<T extends HeapItem>(h: T[], x: T, less: Less<T>): void {
  if (!down(h, x.heapIndex, less)) up(h, x.heapIndex, less);
}

function swap<T extends HeapItem>(h: T[], i: number, j: number): void {
  const a = h[i]!;
  const b = h[j]!;
  h[i] = b;
  h[j] = a;
  b.heapIndex = i;
  a.heapIndex = j;
}

function up<T extends HeapItem>(h: T[], i: number, less: Less<T>): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!less(h[i]!, h[parent]!)) return;
    swap(h, i, parent);
    i = parent;
  }
}

/** Sifts down from `i`; true if the item moved. */
function down<T extends HeapItem>(h: T[], i: number, less: Less<T>): boolean {
  const start = i;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= h.length) break;
    const r = l + 1;
    const child = r < h.length && less(h[r]!, h[l]!) ? r : l;
    if (!less(h[child]!, h[i]!)) break;
    swap(h, i, child);
    i = child;
  }
  return i > start;
}
