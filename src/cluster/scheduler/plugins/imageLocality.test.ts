// K pkg/scheduler/framework/plugins/imagelocality/image_locality.go (calculatePriority,
// scaledImageScore, normalizedImageName) and image_locality_test.go.
import { describe, expect, it } from 'vitest';
import { cycleState, makeNode, makePod, nodeInfo } from '../testing.ts';
import { calculatePriority, imageStates, normalizedImageName, score } from './imageLocality.ts';

const MB = 1024 * 1024;

describe('ImageLocality', () => {
  it.each([
    ['nginx', 'nginx:latest'],
    ['nginx:1.27', 'nginx:1.27'],
    ['registry:5000/app', 'registry:5000/app:latest'],
    ['registry:5000/app:v1', 'registry:5000/app:v1'],
  ])('normalizedImageName(%s) = %s', (image, want) => {
    expect(normalizedImageName(image)).toBe(want);
  });

  it.each([
    [0, 1, 0],
    [23 * MB, 1, 0],
    [1000 * MB, 1, 100],
    [5000 * MB, 1, 100],
    [125 * MB, 1, 10], // 100 × (125 − 23) / (1000 − 23) = 10.44
    [1000 * MB, 2, 49], // the top is 1000 MiB per container
  ])('calculatePriority(%d, %d) = %d', (sum, containers, want) => {
    expect(calculatePriority(sum, containers)).toBe(want);
  });

  it('scales an image by the share of nodes that have it', () => {
    const withImage = makeNode('has', { images: [{ names: ['registry/app:latest'], sizeBytes: 250 * MB }] });
    const without = makeNode('lacks');
    const all = [nodeInfo(withImage), nodeInfo(without)];
    const pod = makePod('p', { image: 'registry/app' });
    // 250 MiB × 1/2 nodes = 125 MiB → 10
    expect(score(cycleState(all), pod, all[0]!)).toBe(10);
    expect(score(cycleState(all), pod, all[1]!)).toBe(0);
  });
  it('the image summary follows the nodes: a node replaced with more images is counted anew', () => {
    const img = (names: string[]) => ({ names, sizeBytes: 100 * 1024 * 1024 });
    const a = nodeInfo(makeNode('a', { images: [img(['nginx:1.27'])] }), []);
    const b = nodeInfo(makeNode('b', { images: [] }), []);
    expect(imageStates([a, b]).get('nginx:1.27')?.numNodes).toBe(1);
    // The kubelet pulled the image on b: the scheduler's cache gets a new Node object.
    b.node = makeNode('b', { images: [img(['nginx:1.27'])] });
    expect(imageStates([a, b]).get('nginx:1.27')?.numNodes).toBe(2);
    expect(imageStates([a]).get('nginx:1.27')?.numNodes).toBe(1);
  });
});
