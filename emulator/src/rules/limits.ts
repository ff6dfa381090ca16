/**
 * Hard limits enforced by the parser (STYLE.md §8.2 item 7). Values come from rules-language.md §1.1 and
 * §2.2; where the spec only asks for "a generous bound" the comment says why the number was chosen.
 */
export const limits = {
  sourceBytes: 256 * 1024,
  matchDepth: 10,
  pathSegments: 100,
  captures: 20,
  functionParams: 7,
  // The docs and the official message say 10 (production was measured accepting 11; we follow the docs).
  letBindings: 10,
  // The official compiler gives up near 100 nested operators; ≥ 98 must be accepted (§2.2).
  exprDepth: 100,
  // Bounds the work of later stages on a single condition; far above any hand-written rule.
  exprNodes: 10_000,
  // Built-ins take at most 3 arguments and user functions at most 7; anything past this is a mistake.
  callArgs: 16,
} as const;
