/**
 * `kubectl config` on the kubeconfig kubeadm writes (/root/.kube/config, or $KUBECONFIG /
 * --kubeconfig): view (data fields shown as DATA+OMITTED unless --raw), current-context,
 * get-contexts, use-context, and set-context [--current] --namespace, which sets the namespace
 * every later command defaults to (k/kubectl pkg/cmd/config, client-go clientcmd).
 */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { normalizePath } from '../../cluster/host/host.ts';
import type { CommandIO, Program } from '../session.ts';
import { fail, type Ctx } from './context.ts';
import { tabulate } from './tabwriter.ts';

interface KubeconfigContext {
  name: string;
  context?: { cluster?: string; user?: string; namespace?: string };
}
interface KubeconfigCluster {
  name: string;
  cluster?: { server?: string };
}
interface Kubeconfig {
  clusters?: KubeconfigCluster[];
  contexts?: KubeconfigContext[];
  'current-context'?: string;
  [k: string]: unknown;
}

export function kubeconfigPath(io: CommandIO, explicit: string | undefined): string {
  return normalizePath(io.session.cwd, explicit ?? io.session.env['KUBECONFIG'] ?? '/root/.kube/config');
}

/** The kubeconfig file's path and text, if there is such a file. */
function kubeconfigFile(io: CommandIO, explicit: string | undefined): { path: string; text: string } | null {
  const path = kubeconfigPath(io, explicit);
  const node = io.session.world.hosts[io.session.host]?.fs[path];
  return node && node.type === 'file' ? { path, text: node.content } : null;
}

function parseKubeconfig(text: string): Kubeconfig | null {
  try {
    const doc = parseYaml(text) as Kubeconfig | null;
    return doc && typeof doc === 'object' ? doc : null;
  } catch {
    return null;
  }
}

function readKubeconfig(io: CommandIO, explicit: string | undefined): { path: string; text: string; doc: Kubeconfig } | null {
  const file = kubeconfigFile(io, explicit);
  const doc = file ? parseKubeconfig(file.text) : null;
  return file && doc ? { ...file, doc } : null;
}

/**
 * What every command takes from the kubeconfig, read once (client-go clientcmd's
 * DirectClientConfig): the current context's cluster's server, and its namespace, which commands
 * use when -n is not given. No current context, or none that names a known cluster, gives no
 * server: kubectl then dials localhost:8080.
 */
export function currentContext(io: CommandIO, explicit: string | undefined): { server?: string; namespace?: string } {
  const file = kubeconfigFile(io, explicit);
  if (!file) return {};
  // Every kubectl command reads the kubeconfig; parsing its YAML (three certificates) costs more
  // than many commands do. What it yields depends on the text alone, so the last text's answer
  // is kept (the file rarely changes: `kubectl config use-context` rewrites it).
  if (lastContext !== undefined && lastContext.text === file.text) return lastContext.context;
  const context = contextOf(parseKubeconfig(file.text));
  lastContext = { text: file.text, context };
  return context;
}
let lastContext: { text: string; context: Readonly<{ server?: string; namespace?: string }> } | undefined;

function contextOf(doc: Kubeconfig | null): { server?: string; namespace?: string } {
  const current = doc?.contexts?.find((c) => c.name === doc['current-context']);
  const cluster = current?.context?.cluster !== undefined ? doc?.clusters?.find((c) => c.name === current.context!.cluster) : undefined;
  const server = cluster?.cluster?.server;
  const namespace = current?.context?.namespace;
  return { ...(server ? { server } : {}), ...(namespace ? { namespace } : {}) };
}

/** Go's yaml marshalling of the config: keys sorted at every level, lists not indented. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

function writeKubeconfig(io: CommandIO, path: string, doc: Kubeconfig): void {
  io.session.world.hosts[io.session.host]!.fs[path] = { type: 'file', content: stringifyYaml(sortKeys(doc), { indentSeq: false, lineWidth: 0 }) };
}

export function* config(ctx: Ctx): Program {
  const [sub, ...rest] = ctx.args;
  const explicit = ctx.flags['kubeconfig'] as string | undefined;
  const k = readKubeconfig(ctx.io, explicit);
  switch (sub) {
    case 'view': {
      if (!k) return fail(ctx.io, 'apiVersion: v1\nclusters: null\ncontexts: null\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: null');
      // Without --raw, the secret bytes are replaced (clientcmdapi.ShortenConfig / DataOmittedPlaceholder).
      ctx.io.out(ctx.flags['raw'] !== undefined ? k.text : k.text.replace(/^(\s*(?:certificate-authority-data|client-certificate-data|client-key-data):).*$/gm, '$1 DATA+OMITTED'));
      return 0;
    }
    case 'current-context': {
      const name = k?.doc['current-context'];
      if (!name) return fail(ctx.io, 'error: current-context is not set');
      ctx.io.out(`${name}\n`);
      return 0;
    }
    case 'get-contexts': {
      const contexts = (k?.doc.contexts ?? []).filter((c) => rest.length === 0 || rest.includes(c.name));
      for (const missing of rest.filter((n) => !contexts.some((c) => c.name === n))) return fail(ctx.io, `error: context ${missing} not found`);
      const rows = [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']];
      for (const c of [...contexts].sort((a, b) => (a.name < b.name ? -1 : 1))) rows.push([c.name === k?.doc['current-context'] ? '*' : '', c.name, c.context?.cluster ?? '', c.context?.user ?? '', c.context?.namespace ?? '']);
      ctx.io.out(tabulate(rows));
      return 0;
    }
    case 'use-context': {
      const name = rest[0];
      if (!name) return fail(ctx.io, 'error: Unexpected args: []\nSee \'kubectl config use-context -h\' for help and examples');
      if (!k || !k.doc.contexts?.some((c) => c.name === name)) return fail(ctx.io, `error: no context exists with the name: "${name}"`);
      k.doc['current-context'] = name;
      writeKubeconfig(ctx.io, k.path, k.doc);
      ctx.io.out(`Switched to context "${name}".\n`);
      return 0;
    }
    case 'set-context': {
      const current = ctx.flags['current'] === true;
      const name = current ? k?.doc['current-context'] : rest[0];
      if (!name) return fail(ctx.io, current ? 'error: no current context is set' : 'error: you must specify a non-empty context name or --current');
      if (!k) return fail(ctx.io, `error: open ${kubeconfigPath(ctx.io, explicit)}: no such file or directory`);
      const contexts = (k.doc.contexts ??= []);
      let entry = contexts.find((c) => c.name === name);
      const exists = entry !== undefined;
      if (!entry) contexts.push((entry = { name, context: {} }));
      entry.context ??= {};
      const ns = ctx.flags['namespace'];
      if (typeof ns === 'string') {
        if (ns === '') delete entry.context.namespace;
        else entry.context.namespace = ns;
      }
      for (const [flag, field] of [['cluster', 'cluster'], ['user', 'user']] as const) {
        const v = ctx.flags[flag];
        if (typeof v === 'string') entry.context[field] = v;
      }
      writeKubeconfig(ctx.io, k.path, k.doc);
      ctx.io.out(`Context "${name}" ${exists ? 'modified' : 'created'}.\n`);
      return 0;
    }
    default:
      return fail(ctx.io, sub ? `error: k8sim does not model "kubectl config ${sub}" yet (view, current-context, get-contexts, use-context and set-context are modelled)` : 'error: k8sim models kubectl config view, current-context, get-contexts, use-context and set-context');
  }
}
