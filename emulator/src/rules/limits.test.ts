import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from './errors.js';
import { limits } from './limits.js';
import { parseRules } from './parser.js';

const service = (body: string) => `rules_version = '2';\nservice cloud.firestore {\n${body}\n}`;
const cond = (expr: string) => service(`match /t/{id} { allow read: if ${expr}; }`);

function messages(src: string): string[] {
  const r = parseRules(src);
  return r.ok ? [] : r.diagnostics.map((d) => d.message);
}

function nestedMatches(depth: number, segmentsEach = 1): string {
  let body = 'allow read;';
  for (let i = depth; i > 0; i--) {
    const pattern = Array.from({ length: segmentsEach }, (_, j) => `s${i}_${j}`).join('/');
    body = `match /${pattern} { ${body} }`;
  }
  return service(body);
}

describe('parser limits (rules-language.md §1.1, §2.2)', () => {
  it('rejects sources over 256 KB before lexing', () => {
    const src = service(`// ${'x'.repeat(limits.sourceBytes)}`);
    expect(messages(src)).toEqual(['Rules source exceeds the maximum size of 262144 bytes.']);
    expect(parseRules(service(`// ${'x'.repeat(limits.sourceBytes - 100)}`)).ok).toBe(true);
  });

  it('allows match nesting to depth 10, not 11', () => {
    expect(messages(nestedMatches(10))).toEqual([]);
    expect(messages(nestedMatches(11))).toEqual(['Match blocks may be nested at most 10 deep.']);
  });

  it('allows 100 segments through a nest, not 101', () => {
    expect(messages(nestedMatches(10, 10))).toEqual([]);
    const over = service(`match /${Array.from({ length: 101 }, (_, i) => `s${i}`).join('/')} {}`);
    expect(messages(over)).toEqual(['A nested match path may have at most 100 segments.']);
  });

  it('allows 20 captured variables through a nest, not 21', () => {
    const pattern = (n: number) => Array.from({ length: n }, (_, i) => `{v${i}}`).join('/');
    expect(messages(service(`match /${pattern(20)} {}`))).toEqual([]);
    expect(
      messages(service(`match /${pattern(10)} { match /${pattern(11).replace(/v/g, 'w')} {} }`)),
    ).toEqual(['A nested match path may capture at most 20 variables.']);
  });

  it('allows 7 function parameters, not 8', () => {
    const fn = (n: number) =>
      service(`function f(${Array.from({ length: n }, (_, i) => `p${i}`).join(', ')}) { return true; }`);
    expect(messages(fn(7))).toEqual([]);
    expect(messages(fn(8))).toEqual(['A function may have at most 7 parameters.']);
  });

  it('allows 10 let bindings; 11 and 12 are rejected at the first one over', () => {
    const fn = (n: number) =>
      service(
        `function f() {\n${Array.from({ length: n }, (_, i) => `let v${i} = ${i};\n`).join('')}return true; }`,
      );
    expect(messages(fn(10))).toEqual([]);
    const r = parseRules(fn(12));
    expect(r.ok ? [] : r.diagnostics.map(formatDiagnostic)).toEqual([
      'L14:1: A function may have at most 10 let bindings.',
    ]);
  });

  it('accepts 98 levels of nesting and rejects deeper expressions with the official message', () => {
    const parens = (n: number) => `${'('.repeat(n)}true${')'.repeat(n)}`;
    expect(messages(cond(parens(98)))).toEqual([]);
    expect(messages(cond(parens(150)))).toEqual(['Expression is too complex to evaluate safely.']);
    expect(messages(cond(`${'!'.repeat(98)}true`))).toEqual([]);
    expect(messages(cond(`${'!'.repeat(150)}true`))).toEqual([
      'Expression is too complex to evaluate safely.',
    ]);
    // Left-associative chains are just as deep once parsed, so they count too.
    expect(messages(cond(Array(98).fill('a').join(' && ')))).toEqual([]);
    expect(messages(cond(Array(150).fill('a').join(' && ')))).toEqual([
      'Expression is too complex to evaluate safely.',
    ]);
  });

  it('bounds the number of nodes in one expression', () => {
    expect(
      messages(
        cond(
          `[${Array(limits.exprNodes - 1)
            .fill('0')
            .join(',')}]`,
        ),
      ),
    ).toEqual([]);
    expect(messages(cond(`[${Array(limits.exprNodes).fill('0').join(',')}]`))).toEqual([
      'Expression has more than 10000 parts.',
    ]);
  });

  it('bounds call arguments', () => {
    const call = (n: number) => cond(`f(${Array(n).fill('1').join(', ')})`);
    expect(messages(call(16))).toEqual([]);
    expect(messages(call(17))).toEqual(['A call may have at most 16 arguments.']);
  });
});
