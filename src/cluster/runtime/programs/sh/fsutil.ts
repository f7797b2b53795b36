/**
 * The container filesystem as the utilities see it. ContainerFs holds files by absolute path;
 * directories are implied by the paths under them, an empty directory made by `mkdir` is kept as
 * a `path/` key, and the directories every image has (/tmp, /etc, ...) always exist. File modes,
 * owners and times are not modelled.
 */
import type { ContainerFs } from '../types.ts';

const STANDARD_DIRS = new Set([
  '/', '/bin', '/dev', '/etc', '/home', '/lib', '/mnt', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp',
  '/usr', '/usr/bin', '/usr/lib', '/usr/local', '/usr/local/bin', '/usr/sbin', '/usr/share', '/var', '/var/log', '/var/run', '/var/tmp', '/var/lib',
]);

/** Device files a script may name. */
export const DEV_NULL = '/dev/null';

export function resolvePath(path: string, cwd: string): string {
  const abs = path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
  const out: string[] = [];
  for (const seg of abs.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

export function isFile(fs: ContainerFs, path: string): boolean {
  if (path === DEV_NULL) return true;
  return !path.endsWith('/') && fs.files[path] !== undefined;
}

export function isDir(fs: ContainerFs, path: string): boolean {
  if (STANDARD_DIRS.has(path)) return true;
  if (fs.files[`${path}/`] !== undefined) return true;
  const prefix = `${path}/`;
  return Object.keys(fs.files).some((k) => k.startsWith(prefix));
}

export function exists(fs: ContainerFs, path: string): boolean {
  return isFile(fs, path) || isDir(fs, path);
}

export function readFile(fs: ContainerFs, path: string): string | undefined {
  if (path === DEV_NULL) return '';
  return isFile(fs, path) ? fs.files[path] : undefined;
}

/** The names directly inside a directory, sorted as `ls` sorts them in the C locale. */
export function listDir(fs: ContainerFs, path: string): string[] {
  const prefix = path === '/' ? '/' : `${path}/`;
  const names = new Set<string>();
  for (const k of Object.keys(fs.files)) {
    if (!k.startsWith(prefix) || k === prefix) continue;
    const rest = k.slice(prefix.length);
    const name = rest.split('/')[0]!;
    if (name) names.add(name);
  }
  for (const d of STANDARD_DIRS) {
    if (d !== path && d.startsWith(prefix) && !d.slice(prefix.length).includes('/')) names.add(d.slice(prefix.length));
  }
  return [...names].sort(byteOrder);
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function removePath(fs: ContainerFs, path: string, recursive: boolean): void {
  delete fs.files[path];
  if (!recursive) return;
  const prefix = `${path}/`;
  for (const k of Object.keys(fs.files)) if (k.startsWith(prefix)) delete fs.files[k];
}

export function makeDir(fs: ContainerFs, path: string): void {
  if (!isDir(fs, path)) fs.files[`${path}/`] = '';
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** A shell glob (`*`, `?`, `[...]`) as a regular expression over one path segment or name. */
export function globToRegExp(pattern: string, anchored = true, slashIsSpecial = true): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (c === '*') re += slashIsSpecial ? '[^/]*' : '[\\s\\S]*';
    else if (c === '?') re += slashIsSpecial ? '[^/]' : '[\\s\\S]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += escapeRe(c);
  }
  return new RegExp(anchored ? `^${re}$` : re);
}

function escapeRe(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

export function hasGlob(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** Pathname expansion: the paths matching a pattern, sorted; none → empty. */
export function globPaths(fs: ContainerFs, pattern: string, cwd: string): string[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  let results: { path: string; shown: string }[] = [{ path: absolute ? '/' : cwd, shown: absolute ? '' : '.' }];
  for (const seg of segments) {
    if (seg === '') continue;
    const next: { path: string; shown: string }[] = [];
    for (const r of results) {
      if (!hasGlob(seg)) {
        const path = resolvePath(seg.replace(/\\(.)/g, '$1'), r.path);
        if (exists(fs, path)) next.push({ path, shown: joinShown(r.shown, seg.replace(/\\(.)/g, '$1')) });
        continue;
      }
      if (!isDir(fs, r.path)) continue;
      const re = globToRegExp(seg);
      for (const name of listDir(fs, r.path)) {
        if (name.startsWith('.') && !seg.startsWith('.')) continue;
        if (re.test(name)) next.push({ path: resolvePath(name, r.path), shown: joinShown(r.shown, name) });
      }
    }
    results = next;
  }
  return results.map((r) => r.shown).sort(byteOrder);
}

function joinShown(base: string, name: string): string {
  if (base === '.') return name;
  if (base === '') return `/${name}`;
  return `${base}/${name}`;
}
