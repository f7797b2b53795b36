import { describe, expect, it } from 'vitest';
import { heapFix, heapPop, heapPush, heapRemove } from './heap.ts';

interface Item {
  v: number;
  heapIndex: number;
}
const less = (a: Item, b: Item) => a.v < b.v;

describe('heap', () => {
  it('pops in order through random pushes, removals and re-keyings', () => {
    let x = 7;
    const rnd = (n: number) => {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      return x % n;
    };
    const h: Item[] = [];
    const inHeap = new Set<Item>();
    for (let step = 0; step < 5000; step++) {
      const op = rnd(5);
      const any = [...inHeap][rnd(Math.max(1, inHeap.size))];
      if (op <= 1) {
        const it: Item = { v: rnd(1000) * 1000 + step, heapIndex: -1 }; // distinct values
        heapPush(h, it, less);
        inHeap.add(it);
      } else if (op === 2 && any) {
        heapRemove(h, any, less);
        inHeap.delete(any);
        expect(any.heapIndex).toBe(-1);
      } else if (op === 3 && any) {
        any.v = rnd(1000) * 1000 + step;
        heapFix(h, any, less);
      } else if (op === 4) {
        const min = [...inHeap].sort((a, b) => a.v - b.v)[0];
        expect(heapPop(h, less)).toBe(min);
        if (min) inHeap.delete(min);
      }
      expect(h.length).toBe(inHeap.size);
      h.forEach((item, i) => {
        expect(item.heapIndex).toBe(i);
        if (i > 0) expect(less(item, h[(i - 1) >> 1]!)).toBe(false);
      });
    }
  });
});
