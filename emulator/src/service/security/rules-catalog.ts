import type { Registry } from '../../core/registry.js';
import type { Ruleset } from '../../rules/ast.js';
import type { Diagnostic } from '../../rules/errors.js';
import { parseRules } from '../../rules/parser.js';
import { RuleCoverage } from './rule-coverage.js';

/** A compile problem in the shape firebase-tools and rules-unit-testing read (rules-language.md §3). */
export interface RulesIssue {
  readonly sourcePosition: {
    readonly line: number;
    readonly column: number;
    /** Zero-based offsets of the offending text in the source. */
    readonly currentOffset: number;
    readonly endOffset: number;
    readonly fileName?: string;
  };
  readonly description: string;
  readonly severity: 'ERROR' | 'WARNING';
}

export interface LoadedRules {
  readonly ruleset: Ruleset;
  readonly source: string;
  readonly fileName: string | undefined;
  readonly coverage: RuleCoverage;
}

export type LoadResult =
  | { readonly loaded: true; readonly issues: readonly RulesIssue[] }
  | { readonly loaded: false; readonly issues: readonly RulesIssue[] };

const toIssue = (d: Diagnostic, fileName: string | undefined): RulesIssue => ({
  sourcePosition: {
    line: d.range.start.line,
    column: d.range.start.column,
    currentOffset: d.range.start.offset,
    endOffset: d.range.end.offset,
    ...(fileName !== undefined && { fileName }),
  },
  description: d.message,
  severity: d.severity === 'error' ? 'ERROR' : 'WARNING',
});

/**
 * The security rules of each project. A project without rules allows every request, like the
 * official emulator before rules are loaded; loading a ruleset that does not compile keeps the
 * previous one in force (a bad edit during `--rules` reload must not open the database).
 */
export class RulesCatalog {
  private readonly byProject = new Map<string, LoadedRules>();

  load(projectId: string, source: string, fileName?: string): LoadResult {
    const parsed = parseRules(source);
    const issues = parsed.diagnostics
      .map((d) => toIssue(d, fileName))
      .sort(
        (a, b) =>
          a.sourcePosition.line - b.sourcePosition.line ||
          a.sourcePosition.column - b.sourcePosition.column ||
          a.description.localeCompare(b.description),
      );
    if (!parsed.ok) return { loaded: false, issues };
    this.byProject.set(projectId, {
      ruleset: parsed.ruleset,
      source,
      fileName,
      coverage: new RuleCoverage(parsed.ruleset, source, fileName),
    });
    return { loaded: true, issues };
  }

  get(projectId: string): LoadedRules | undefined {
    return this.byProject.get(projectId);
  }
}

const catalogs = new WeakMap<Registry, RulesCatalog>();

/** The rules catalog of the emulator serving `registry` (like its data, it survives a restart). */
export function rulesCatalog(registry: Registry): RulesCatalog {
  let c = catalogs.get(registry);
  if (!c) catalogs.set(registry, (c = new RulesCatalog()));
  return c;
}
