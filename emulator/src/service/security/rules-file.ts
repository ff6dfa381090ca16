import { readFileSync, unwatchFile, watchFile, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { failedPrecondition } from '../../core/errors.js';
import type { RulesCatalog, RulesIssue } from './rules-catalog.js';

export interface RulesFileWatch {
  close(): void;
}

const describe = (issues: readonly RulesIssue[]): string =>
  issues
    .map((i) => `  L${i.sourcePosition.line}:${i.sourcePosition.column} ${i.severity}: ${i.description}`)
    .join('\n');

// Polling rather than fs.watch: editors save by renaming a new file over the old one, which ends
// an fs.watch on the old inode; a quarter-second poll survives that and costs nothing measurable.
const POLL_MS = 250;

/**
 * `--rules FILE`: loads the file as `projectId`'s ruleset and reloads it whenever it changes. A
 * reload that does not compile is reported through `log` and the previous rules stay in force.
 * @throws FAILED_PRECONDITION when the file cannot be read or does not compile at start
 */
export function watchRulesFile(
  catalog: RulesCatalog,
  projectId: string,
  file: string,
  log: (line: string) => void,
): RulesFileWatch {
  const path = resolve(file);
  const load = (): { ok: boolean; message: string } => {
    let source: string;
    try {
      source = readFileSync(path, 'utf8');
    } catch (e) {
      return {
        ok: false,
        message: `Cannot read rules file ${path}: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
    const r = catalog.load(projectId, source, file);
    return r.loaded
      ? {
          ok: true,
          message:
            `Loaded rules from ${path} for project ${projectId}` +
            (r.issues.length ? `:\n${describe(r.issues)}` : ''),
        }
      : {
          ok: false,
          message: `Rules in ${path} do not compile; the previous rules stay in force:\n${describe(r.issues)}`,
        };
  };
  const first = load();
  if (!first.ok) throw failedPrecondition(first.message);
  const onChange = (now: Stats, before: Stats) => {
    if (now.mtimeMs === before.mtimeMs && now.size === before.size) return;
    log(load().message);
  };
  watchFile(path, { interval: POLL_MS, persistent: false }, onChange);
  return { close: () => unwatchFile(path, onChange) };
}
