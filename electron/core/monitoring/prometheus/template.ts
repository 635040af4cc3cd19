import { TEMPLATE_PLACEHOLDERS } from '@shared/domain/monitoring';
import { QuorumError } from '../../errors';

export type PlaceholderName = (typeof TEMPLATE_PLACEHOLDERS)[number];
export type TemplateValues = Partial<Record<PlaceholderName, string>>;

/**
 * PromQL templates with `{{model}}`, `{{version}}` and `{{feature}}` placeholders.
 *
 * A placeholder is only allowed inside a double-quoted string (a label value such as
 * `model="{{model}}"`), and its value is escaped as a PromQL string body there, so no value —
 * quotes, backslashes, `}`, newlines, `or vector(1)` — can end the string and add PromQL of
 * its own. Inside a regex matcher (`=~"…"`, `!~"…"`) the value is also regex-escaped, so a
 * model called `a.b` matches only `a.b`. Single-quoted and backtick strings are refused for
 * placeholders: backtick strings have no escapes at all, and one rule is easier to check.
 */

interface Placeholder {
  readonly name: PlaceholderName;
  readonly start: number;
  readonly end: number;
  readonly regex: boolean;
}

const PLACEHOLDER = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/;

/** A known placeholder written with one brace pair inside a string, as `{model}`: almost surely meant as `{{model}}`. */
const SINGLE_BRACE = /^\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/;

const PLACEHOLDER_LIST = TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ');

/**
 * Finds every placeholder and checks where it stands; throws invalid_input naming the
 * problem, with `field` (e.g. `queries.drift`) in the details so a form can point at it.
 */
export function scanTemplate(template: string, what = 'the query template', field = 'template'): Placeholder[] {
  const found: Placeholder[] = [];
  let quote: '"' | "'" | '`' | null = null;
  let regexString = false;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i] as string;
    if (ch === '{' && template[i + 1] === '{') {
      const match = PLACEHOLDER.exec(template.slice(i));
      if (match) {
        const name = match[1] as string;
        if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) {
          throw invalid(`${what} uses {{${name}}}; the placeholders are ${PLACEHOLDER_LIST}.`, field);
        }
        if (quote !== '"') {
          throw invalid(
            `${what} has {{${name}}} outside a double-quoted label value. Write it as a label value, e.g. ${name}="{{${name}}}", so the value is escaped.`,
            field,
          );
        }
        found.push({ name: name as PlaceholderName, start: i, end: i + match[0].length, regex: regexString });
        i += match[0].length - 1;
        continue;
      }
      // Inside a label value `{{` can only be meant as a placeholder; sent as is it would match nothing, silently.
      if (quote === '"') throw invalid(`${what} has "{{" that is not a placeholder; the placeholders are ${PLACEHOLDER_LIST}.`, field);
    }
    if (ch === '{' && quote === '"' && template[i - 1] !== '{') {
      const single = SINGLE_BRACE.exec(template.slice(i));
      const name = single?.[1];
      if (name !== undefined && (TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) {
        throw invalid(`${what} writes {${name}} with single braces; placeholders take two: {{${name}}}.`, field);
      }
    }
    if (quote === null) {
      if (ch === '#') {
        // A PromQL comment runs to the end of the line; quotes in it open nothing.
        const newline = template.indexOf('\n', i);
        i = newline === -1 ? template.length : newline;
      } else if (ch === '"' || ch === "'" || ch === '`') {
        quote = ch;
        regexString = /[=!]~\s*$/.test(template.slice(0, i));
      }
    } else if (ch === '\\' && quote !== '`') {
      i++; // the escaped character cannot close the string
    } else if (ch === quote) {
      quote = null;
    }
  }
  if (quote !== null) throw invalid(`${what} has a string that is never closed (${quote}).`, field);
  return found;
}

/** The placeholders a template uses, in order of first use. */
export function placeholdersOf(template: string, what?: string, field?: string): PlaceholderName[] {
  return [...new Set(scanTemplate(template, what, field).map((p) => p.name))];
}

/** Renders a template; every placeholder it uses must have a value. */
export function renderTemplate(template: string, values: TemplateValues, what = 'the query template', field = 'template'): string {
  const placeholders = scanTemplate(template, what, field);
  let out = '';
  let at = 0;
  for (const p of placeholders) {
    const value = values[p.name];
    if (value === undefined) throw invalid(`${what} uses {{${p.name}}}, which has no value here.`, p.name);
    out += template.slice(at, p.start) + escapeStringBody(p.regex ? escapeRegex(value) : value);
    at = p.end;
  }
  return out + template.slice(at);
}

/**
 * The body of a double-quoted PromQL string that reads back as `value`. PromQL unquotes
 * strings as Go does (promql/parser/lex.go `lexEscape`): `\\`, `\"`, `\n`, `\xHH`… A control
 * character is written as `\xHH` so the query stays one line in logs.
 */
export function escapeStringBody(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

/** RE2 metacharacters escaped, so a value inside `=~"…"` matches itself only (Prometheus anchors the regex). */
export function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

function invalid(message: string, field: string): QuorumError {
  return new QuorumError('invalid_input', message, { field });
}
