import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERIES } from '../../electron/core/monitoring/defaults';
import { escapeRegex, placeholdersOf, renderTemplate, scanTemplate } from '../../electron/core/monitoring/prometheus/template';

/**
 * The double-quoted string literals of a PromQL text, decoded as Prometheus's lexer does
 * (Go escapes), and the text outside them — an independent reading of the rendered query.
 */
function lex(promql: string): { strings: string[]; outside: string } {
  const strings: string[] = [];
  let outside = '';
  for (let i = 0; i < promql.length; i++) {
    if (promql[i] !== '"') {
      outside += promql[i];
      continue;
    }
    let value = '';
    for (i++; promql[i] !== '"'; i++) {
      if (i >= promql.length) throw new Error('unterminated string');
      if (promql[i] === '\\') {
        const next = promql[++i];
        if (next === 'n') value += '\n';
        else if (next === 't') value += '\t';
        else if (next === 'r') value += '\r';
        else if (next === 'x') {
          value += String.fromCharCode(parseInt(promql.slice(i + 1, i + 3), 16));
          i += 2;
        } else value += next;
      } else value += promql[i];
    }
    strings.push(value);
    outside += '""';
  }
  return { strings, outside };
}

const HOSTILE = [
  'a"} or vector(1) #',
  'back\\slash\\',
  '\\"} or up{x="',
  'quote"quote',
  'line\nbreak\r\ttab\u0001',
  '{{model}}',
  'ünïcödé 模型 🚀',
];

describe('query templates', () => {
  it('fills placeholders inside label values and leaves the rest as written', () => {
    expect(
      renderTemplate('model_accuracy{model="{{model}}", version="v{{ version }}"}', { model: 'card-fraud-blocker', version: '4' }),
    ).toBe('model_accuracy{model="card-fraud-blocker", version="v4"}');
    expect(placeholdersOf(DEFAULT_QUERIES.errorRate)).toEqual(['model', 'version']);
  });

  it.each(HOSTILE)('a label value %j cannot break out of its matcher', (value) => {
    const template = 'sum(model_feature_drift_score{model="{{model}}", version="{{version}}", feature="{{feature}}"})';
    const rendered = renderTemplate(template, { model: value, version: value, feature: value });
    const { strings, outside } = lex(rendered);
    // Exactly the template's three strings, each reading back as the value, and nothing added outside them.
    expect(strings).toEqual([value, value, value]);
    expect(outside).toBe('sum(model_feature_drift_score{model="", version="", feature=""})');
  });

  it('regex-escapes values inside =~ and !~ matchers, so a name matches only itself', () => {
    const rendered = renderTemplate('up{model=~"{{model}}", job!~ "{{version}}", x="{{feature}}"}', {
      model: 'a.b|c',
      version: '(v1)+',
      feature: 'a.b',
    });
    expect(lex(rendered).strings).toEqual([escapeRegex('a.b|c'), escapeRegex('(v1)+'), 'a.b']);
    expect(lex(rendered).strings[0]).toBe('a\\.b\\|c');
  });

  it('refuses placeholders outside double-quoted label values', () => {
    expect(() => scanTemplate('model_accuracy{model={{model}}}')).toThrow(/outside a double-quoted label value/);
    expect(() => scanTemplate("model_accuracy{model='{{model}}'}")).toThrow(/outside a double-quoted/);
    expect(() => scanTemplate('model_accuracy{model=`{{model}}`}')).toThrow(/outside a double-quoted/);
    expect(() => scanTemplate('{{model}}_accuracy')).toThrow(/outside a double-quoted/);
    expect(() => scanTemplate('model_accuracy{model="{{team}}"}')).toThrow(/uses \{\{team\}\}; the placeholders are/);
    expect(() => scanTemplate('model_accuracy{model="{{model}}}')).toThrow(/never closed/);
    // A quote escaped inside the string does not close it; a quote in a comment opens nothing.
    expect(scanTemplate('up{a="\\"{{model}}"} # "{{')).toHaveLength(1);
  });

  it('refuses a known placeholder with single braces in a label value, and a stray "{{"; leaves other braces alone', () => {
    expect(() => scanTemplate('up{model="{model}"}', 'the "drift" template')).toThrow(
      'the "drift" template writes {model} with single braces; placeholders take two: {{model}}.',
    );
    expect(() => scanTemplate('up{model=~"{ version }"}')).toThrow(/single braces/);
    expect(() => scanTemplate('up{model="{{ }}"}')).toThrow(/"\{\{" that is not a placeholder/);
    // Braces that cannot be meant as a placeholder are PromQL's business (and Prometheus's error to give).
    expect(scanTemplate('up{job=~"a{2}", x="{team}"}')).toEqual([]);
  });

  it('needs a value for every placeholder it uses', () => {
    expect(() => renderTemplate('x{feature="{{feature}}"}', { model: 'm', version: '1' })).toThrow(
      /uses \{\{feature\}\}, which has no value/,
    );
  });

  it('the defaults are valid templates using model and version', () => {
    for (const [name, template] of Object.entries(DEFAULT_QUERIES)) {
      expect(placeholdersOf(template), name).toEqual(['model', 'version']);
    }
  });
});
