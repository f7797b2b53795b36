/**
 * The kubernetes.io examples bundled for `kubectl apply -f https://k8s.io/examples/...`: each
 * parses, is reachable by the three URL forms, and names only images the registry host serves
 * (otherwise the example would end in ErrImagePull where the docs page shows it running).
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { lookupImage } from '../cluster/registry/catalog.ts';
import { k8sExample, K8S_EXAMPLE_URLS } from './k8sExamples.ts';
import { bundledManifest, BUNDLED_MANIFEST_URLS } from './manifests.ts';

type Obj = { kind?: string; metadata?: { name?: string }; spec?: { containers?: { image: string }[]; template?: { spec?: { containers?: { image: string }[] } } } };

describe('bundled kubernetes.io examples', () => {
  it.each(K8S_EXAMPLE_URLS)('%s parses and its images are on the registry', (url) => {
    const text = k8sExample(url)!;
    const docs = parseAllDocuments(text);
    expect(docs.every((d) => d.errors.length === 0)).toBe(true);
    for (const d of docs) {
      const o = d.toJS() as Obj;
      expect(o.kind && o.metadata?.name).toBeTruthy();
      for (const c of [...(o.spec?.containers ?? []), ...(o.spec?.template?.spec?.containers ?? [])]) expect(lookupImage(c.image).ok, c.image).toBe(true);
    }
    const path = url.replace('https://k8s.io/examples/', '');
    expect(k8sExample(`https://kubernetes.io/examples/${path}`)).toBe(text);
    expect(k8sExample(`https://raw.githubusercontent.com/kubernetes/website/main/content/en/examples/${path}`)).toBe(text);
    expect(bundledManifest(url)).toBe(text);
    expect(BUNDLED_MANIFEST_URLS).toContain(url);
  });

  it('knows nothing else', () => {
    expect(k8sExample('https://k8s.io/examples/no-such-example.yaml')).toBeUndefined();
    expect(k8sExample('https://example.com/controllers/nginx-deployment.yaml')).toBeUndefined();
  });
});
