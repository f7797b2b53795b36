// K pkg/scheduler/framework/plugins/imagelocality/image_locality.go (calculatePriority,
// scaledImageScore, normalizedImageName) and image_locality_test.go.
import { describe, expect, it } from 'vitest';
import { cycleState, makeNode, makePod, nodeInfo } from '../testing.ts';
import { calculatePriority, normalizedImageName, score } from './imageLocality.ts';

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
});
