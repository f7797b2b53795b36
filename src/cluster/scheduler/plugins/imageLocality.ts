/**
 * ImageLocality: prefer nodes that already have the pod's images (from `node.status.images`),
 * weighting each image's size by the fraction of nodes that have it, so a popular image does
 * not pull every pod onto the same node ("node heating"). Sums under 23 MiB score 0; the top is
 * 1000 MiB per container. Init containers count too.
 * K pkg/scheduler/framework/plugins/imagelocality/image_locality.go
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { MAX_NODE_SCORE, type CycleState, type NodeInfo } from '../interface.ts';

export const name = 'ImageLocality';

const STATE_KEY = 'ImageLocalityImageStates';

const MB = 1024 * 1024;
export const MIN_THRESHOLD_BYTES = 23 * MB;
export const MAX_CONTAINER_THRESHOLD_BYTES = 1000 * MB;

/** `normalizedImageName`: an image without a tag means `:latest`. */
export function normalizedImageName(image: string): string {
  return image.lastIndexOf(':') <= image.lastIndexOf('/') ? `${image}:latest` : image;
}

/** K types.go `ImageStateSummary`: per image name, its size and how many nodes have it. */
export function imageStates(allNodes: NodeInfo[]): Map<string, { sizeBytes: number; numNodes: number }> {
  // The real scheduler builds this summary when it updates its snapshot, not once per pod: it
  // depends on the nodes alone, so the last one is kept while the nodes are the same objects.
  const last = lastImageStates;
  if (last && last.nodes.length === allNodes.length && allNodes.every((ni, i) => ni.node === last.nodes[i])) return last.summary;
  const summary = summarizeImages(allNodes);
  lastImageStates = { nodes: allNodes.map((ni) => ni.node), summary };
  return summary;
}
let lastImageStates: { nodes: Node[]; summary: Map<string, { sizeBytes: number; numNodes: number }> } | undefined;

function summarizeImages(allNodes: NodeInfo[]): Map<string, { sizeBytes: number; numNodes: number }> {
  const out = new Map<string, { sizeBytes: number; numNodes: number }>();
  for (const ni of allNodes) {
    const seen = new Set<string>();
    for (const img of ni.node.status?.images ?? []) {
      for (const n of img.names ?? []) {
        if (seen.has(n)) continue;
        seen.add(n);
        const prev = out.get(n);
        out.set(n, { sizeBytes: img.sizeBytes ?? 0, numNodes: (prev?.numNodes ?? 0) + 1 });
      }
    }
  }
  return out;
}

/** `calculatePriority`: clamp the sum into [23 MiB, 1000 MiB × containers] and scale to 0..100. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD_BYTES * numContainers;
  const clamped = Math.min(Math.max(sumScores, MIN_THRESHOLD_BYTES), maxThreshold);
  return Math.trunc((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD_BYTES)) / (maxThreshold - MIN_THRESHOLD_BYTES));
}

interface ImageLocalityState {
  /** The snapshot's image summary. */
  global: ReturnType<typeof imageStates>;
  /** The pod's images (init containers first), normalized. */
  images: string[];
}

export function score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
  // The image summary and the pod's image names are the same for every node of this cycle:
  // work them out once.
  const { global, images } = (state.data[STATE_KEY] ??= {
    global: imageStates(state.allNodes),
    images: [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => normalizedImageName(c.image ?? '')),
  } satisfies ImageLocalityState) as ImageLocalityState;
  if (images.length === 0) return 0;
  const onNode = imagesOnNode(nodeInfo.node);
  let sum = 0;
  for (const image of images) {
    const s = global.get(image);
    // `scaledImageScore`: size × (nodes with the image / all nodes), truncated.
    if (s && onNode.has(image)) sum += Math.trunc(s.sizeBytes * (s.numNodes / state.allNodes.length));
  }
  return calculatePriority(sum, images.length);
}

/** Every name of every image on the node; a node object never changes, so once per object. */
function imagesOnNode(node: Node): Set<string> {
  let names = imageNamesCache.get(node);
  if (!names) imageNamesCache.set(node, (names = new Set((node.status?.images ?? []).flatMap((i) => i.names ?? []))));
  return names;
}

const imageNamesCache = new WeakMap<Node, Set<string>>();
