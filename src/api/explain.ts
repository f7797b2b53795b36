/**
 * `kubectl explain` from the hand-written schema (schema.ts), in the layout of kubectl v1.32's
 * OpenAPI v3 explainer: k/kubectl pkg/explain/v2/templates/plaintext.tmpl (release-1.32),
 * rendered with its `wrap` (mitchellh/go-wordwrap via pkg/util/term NewWordWrapWriter) and
 * `indent` helpers (pkg/explain/v2/funcs.go). Descriptions are upstream's, shortened, so the
 * text wraps where a shorter real description would.
 */
import { resolveResource } from './resources.ts';
import { RESOURCE_SCHEMAS, type FieldSchema } from './schema.ts';

/**
 * go-wordwrap WrapString: break at spaces so lines stay within `limit` where possible; a word
 * longer than the limit stays whole; existing line breaks are kept.
 */
export function wordWrap(text: string, limit: number): string {
  return text
    .split('\n')
    .map((line) => {
      const out: string[] = [];
      let current = '';
      for (const word of line.split(' ')) {
        if (current === '') current = word;
        else if (current.length + 1 + word.length <= limit) current += ` ${word}`;
        else {
          out.push(current);
          current = word;
        }
      }
      out.push(current);
      return out.join('\n');
    })
    .join('\n');
}

/** funcs.go `indent`: pad the first line and every line after a newline (empty ones too). */
export function indent(amount: number, text: string): string {
  const pad = ' '.repeat(amount);
  return pad + text.split('\n').join(`\n${pad}`);
}

/** The template's "typeGuess": `string`, `integer`, `[]Container`, `map[string]string`, `Probe`, `Object`. */
export function explainType(f: FieldSchema): string {
  switch (f.type) {
    case 'array':
      return `[]${f.items ? explainType(f.items) : 'Object'}`;
    case 'map':
      return `map[string]${f.items ? explainType(f.items) : 'Object'}`;
    case 'object':
      return f.goType ?? 'Object';
    case 'quantity':
      return 'Quantity';
    case 'intOrString':
      return 'IntOrString';
    default:
      return f.type;
  }
}

/** The object schema whose fields a field lists: itself, or its array item / map value. */
function resolved(f: FieldSchema): FieldSchema {
  if ((f.type === 'array' || f.type === 'map') && f.items) return resolved(f.items);
  return f;
}

/** The "description" template: the field's text, then the referenced type's (and an array item's). */
function descriptionText(f: FieldSchema): string {
  let out = f.description ? `${f.description}\n` : '';
  if (f.type === 'object' && f.typeDescription) out += `${f.typeDescription}\n`;
  if ((f.type === 'array' || f.type === 'map') && f.items) out += descriptionText(f.items);
  return out;
}

/** "fieldDetail" for one field at level 1: `  name\t<type> -required-`, enum line, wrapped description. */
function fieldDetail(name: string, parent: FieldSchema): string {
  const f = parent.fields![name]!;
  const level = 1;
  const indentAmount = level * 2;
  let out = `${indent(indentAmount, name)}\t<${explainType(f)}>`;
  if (parent.required?.includes(name)) out += ' -required-';
  if (f.enum) {
    // Short view: at most four values, then ", ....".
    const shown = f.enum.slice(0, 4).map((e) => (e === '' ? '""' : e));
    out += `\n${' '.repeat(indentAmount)}enum: ${shown.join(', ')}${f.enum.length > 4 ? ', ....' : ''}`;
  }
  out += '\n';
  out += `${indent(indentAmount + 2, wordWrap(f.description || '<no description>', 78 - indentAmount))}\n\n`;
  return out;
}

/** "output" once the path is exhausted: DESCRIPTION and, for objects with fields, FIELDS. */
function outputFor(f: FieldSchema): string {
  let out = 'DESCRIPTION:\n';
  out += `${indent(4, wordWrap(descriptionText(f) || '<empty>', 76))}\n`;
  const target = resolved(f);
  const names = Object.keys(target.fields ?? {}).sort();
  if (names.length > 0 && !target.open) out += `FIELDS:\n${names.map((n) => fieldDetail(n, target)).join('')}`;
  return out;
}

/** The long-view ENUM block after a FIELD line. */
function enumBlock(f: FieldSchema): string {
  return f.enum ? `ENUM:${f.enum.map((e) => `\n    ${e === '' ? '""' : e}`).join('')}` : '';
}

/**
 * `kubectl explain <resource>[.<field>...]`: `pod`, `pods.spec.containers.livenessProbe`,
 * `deploy.spec.strategy`. Arrays and maps are stepped through to their item type, as the
 * template does. The error for a missing field names the last element of the path, as the
 * template's `throw "error: field \"%v\" does not exist"` does.
 */
export function explain(path: string): { ok: true; text: string } | { ok: false; error: string } {
  const [resourceArg = '', ...fieldPath] = path.split('.').filter((p, idx) => idx === 0 || p !== '');
  const info = resolveResource(resourceArg);
  if ('error' in info) return { ok: false, error: `error: ${info.error}` };
  const root = RESOURCE_SCHEMAS[info.kind];
  if (!root) return { ok: false, error: `error: GVR (${info.resource}) not found in OpenAPI schema` };
  let header = '';
  if (info.group) header += `GROUP:      ${info.group}\n`;
  header += `KIND:       ${info.kind}\nVERSION:    ${info.version}\n\n`;
  let current = root;
  for (let i = 0; i < fieldPath.length; i++) {
    const name = fieldPath[i]!;
    const holder = resolved(current);
    const next = holder.type === 'object' && !holder.open ? holder.fields?.[name] : undefined;
    if (!next) return { ok: false, error: `error: field ${JSON.stringify(fieldPath[fieldPath.length - 1])} does not exist` };
    if (i === fieldPath.length - 1) header += `FIELD: ${name} <${explainType(next)}>\n${enumBlock(next)}\n\n`;
    current = next;
  }
  return { ok: true, text: `${header}${outputFor(current)}\n` };
}
