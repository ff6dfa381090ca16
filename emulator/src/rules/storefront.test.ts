import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Allow, FunctionDecl, Match } from './ast.js';
import { formatDiagnostic } from './errors.js';
import { parseRules } from './parser.js';
import { STOREFRONT } from './storefront.fixture.js';

function parseOk(src: string) {
  const r = parseRules(src);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.ruleset;
}

describe('storefront rules', () => {
  it('parses, keeping every block, function and allow in source order', () => {
    const root = parseOk(STOREFRONT).service.body[0] as Match;
    const fns = root.body.filter((s): s is FunctionDecl => s.kind === 'function').map((f) => f.name);
    expect(fns).toEqual(['signedIn', 'isAdmin', 'owns', 'changedOnly']);
    const blocks = root.body.filter((s): s is Match => s.kind === 'match');
    expect(
      blocks.map((m) =>
        m.pattern
          .map((p) => (p.kind === 'literal' ? p.text : `{${p.name}${p.recursive ? '=**' : ''}}`))
          .join('/'),
      ),
    ).toEqual([
      'products/{productId}',
      'orders/{orderId}',
      'payments/{paymentId}',
      'reservations/{reservationId}',
      'users/{uid}',
      '{path=**}/reviews/{reviewId}',
    ]);
    const orders = blocks[1]?.body.filter((s): s is Allow => s.kind === 'allow') ?? [];
    expect(orders.map((a) => [a.methods.map((m) => m.name).join(','), a.range.start.line])).toEqual([
      ['get', 32],
      ['list', 34],
      ['create', 35],
      ['update', 39],
      ['delete', 43],
    ]);
  });

  it('keeps the getAfter path literal with both interpolations', () => {
    const orders = (parseOk(STOREFRONT).service.body[0] as Match).body[5] as Match;
    const create = orders.body[2] as Allow;
    const text = JSON.stringify(create.condition, (_k, v: unknown) =>
      typeof v === 'bigint' ? String(v) : v,
    );
    expect(text).toContain('"name":"getAfter"');
    expect(text).toContain('"text":"payments"');
    expect(text.match(/"kind":"interpolation"/g)).toHaveLength(2);
  });

  it("parses the repository's own firestore.rules", () => {
    const src = readFileSync(new URL('../../../firestore.rules', import.meta.url), 'utf8');
    expect(parseOk(src).version).toBe('2');
  });
});
