/**
 * A deliberately small markdown subset for lesson text: paragraphs, bullet lists, `code`
 * spans and **bold**. Inline code that starts with a command the shell knows is marked
 * runnable, so the lesson panel can make it clickable.
 */

export type Inline = { type: 'text'; text: string } | { type: 'strong'; text: string } | { type: 'code'; text: string; runnable: boolean };

export type Block = { type: 'p'; inlines: Inline[] } | { type: 'ul'; items: Inline[][] } | { type: 'pre'; text: string };

const COMMANDS = ['etcdctl', 'kubectl', 'sim', 'sleep', 'ssh', 'systemctl', 'crictl', 'ipvsadm', 'nslookup', 'dig', 'curl', 'cat', 'ls', 'mv', 'rm', 'exit', 'etcdutl', 'journalctl'];

/** Whether a code span looks like a whole command line (not a bare key or value). */
export function looksLikeCommand(code: string): boolean {
  const words = code.trim().split(/\s+/);
  const first = words[0] ?? '';
  if (!COMMANDS.includes(first)) return false;
  // A lone word such as `etcdctl` or `sim` is a name in prose, not something to run.
  return words.length > 1 || first === 'exit';
}

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ type: 'text', text: text.slice(last, at) });
    if (m[1] !== undefined) out.push({ type: 'code', text: m[1], runnable: looksLikeCommand(m[1]) });
    else out.push({ type: 'strong', text: m[2] ?? '' });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ type: 'text', text: text.slice(last) });
  return out;
}

export function parseMarkdown(src: string): Block[] {
  const blocks: Block[] = [];
  const lines = src.replace(/\r\n/g, '\n').split('\n');
  let para: string[] = [];
  let list: string[] | null = null;
  let pre: string[] | null = null;
  const flushPara = () => {
    if (para.length > 0) blocks.push({ type: 'p', inlines: parseInline(para.join(' ')) });
    para = [];
  };
  const flushList = () => {
    if (list) blocks.push({ type: 'ul', items: list.map(parseInline) });
    list = null;
  };
  for (const raw of lines) {
    if (pre) {
      if (raw.trim().startsWith('```')) {
        blocks.push({ type: 'pre', text: pre.join('\n') });
        pre = null;
      } else pre.push(raw);
      continue;
    }
    const line = raw.trim();
    if (line.startsWith('```')) {
      flushPara();
      flushList();
      pre = [];
    } else if (line === '') {
      flushPara();
      flushList();
    } else if (/^[-*] /.test(line)) {
      flushPara();
      list ??= [];
      list.push(line.slice(2));
    } else if (list && /^\s+/.test(raw)) {
      list[list.length - 1] += ' ' + line;
    } else {
      flushList();
      para.push(line);
    }
  }
  if (pre) blocks.push({ type: 'pre', text: (pre as string[]).join('\n') });
  flushPara();
  flushList();
  return blocks;
}
