/** The bench's output: one side-by-side table, then every raw number as JSON. */
import type { GrowthResult } from './growth-scenario.js';
import type { ListenerLatency } from './measure-listener.js';
import { mib } from './measure-memory.js';
import type { StartupResult } from './measure-startup.js';
import type { ThroughputResult } from './measure-throughput.js';
import type { Outcome } from './outcome.js';
import { roundMs } from './stats.js';

export interface TargetResults {
  readonly startup: Outcome<StartupResult>;
  readonly throughput: Outcome<ThroughputResult>;
  readonly growth: Outcome<GrowthResult>;
}

type Unit = 'ms' | 'MiB' | 'docs/s' | '×';

interface Row {
  readonly metric: string;
  readonly unit: Unit;
  readonly pick: (r: TargetResults) => Outcome<number>;
  readonly goal?: string;
  /** When the goal is a threshold, whether our value meets it. */
  readonly meets?: (ours: number) => boolean;
}

/** Digs a number out of nested outcomes; the first failure on the way is the cell's failure. */
function from<T>(outcome: Outcome<T>, f: (v: T) => Outcome<number> | number): Outcome<number> {
  if (!outcome.ok) return outcome;
  const picked = f(outcome.value);
  return typeof picked === 'number' ? { ok: true, value: picked } : picked;
}

const growth = <T>(f: (g: GrowthResult) => Outcome<T>, g: (v: T) => Outcome<number> | number) => (r: TargetResults) =>
  from(r.growth, (gr) => from(f(gr), g));

/** p(100k) / p(1k): 1× means a listener's commit costs the same however big the database is. */
const slowdown = (r: TargetResults, p: (l: ListenerLatency) => number): Outcome<number> =>
  from(r.growth, (g) => from(g.listener[100_000], (big) => from(g.listener[1_000], (small) => p(big) / p(small))));

const ROWS: readonly Row[] = [
  {
    metric: '1. startup: spawn → port accepts TCP (median of 5)',
    unit: 'ms',
    pick: (r) => from(r.startup, (s) => s.medianMs),
    goal: '< 100 ms (official 740 ms; 2.5 s via CLI)',
    meets: (v) => v < 100,
  },
  {
    metric: '2. idle RSS after start',
    unit: 'MiB',
    pick: growth((g) => g.idle, (m) => mib(m.rss)),
    goal: '< 60 MiB (official 95 MiB)',
    meets: (v) => v < 60,
  },
  { metric: '3. RSS after 1,000 docs', unit: 'MiB', pick: growth((g) => g.memory[1_000], (m) => mib(m.rss)), goal: '(official 456 MiB)' },
  { metric: '3. RSS after 100,000 docs', unit: 'MiB', pick: growth((g) => g.memory[100_000], (m) => mib(m.rss)) },
  {
    metric: '4a. sequential set(), 3 s',
    unit: 'docs/s',
    pick: (r) => from(r.throughput, (t) => from(t.sequential, (x) => x.docsPerSecond)),
  },
  {
    metric: '4b. 50 concurrent set()s, 3 s',
    unit: 'docs/s',
    pick: (r) => from(r.throughput, (t) => from(t.concurrent, (x) => x.docsPerSecond)),
  },
  {
    metric: '4c. batches of 500, 3 s',
    unit: 'docs/s',
    pick: (r) => from(r.throughput, (t) => from(t.batched, (x) => x.docsPerSecond)),
  },
  ...(['p50', 'p99'] as const).map((p) => ({
    metric: `5. where==.orderBy.limit(20) over 10k, ${p}`,
    unit: 'ms' as const,
    pick: growth((g) => g.query, (q) => from(q.filtered, (s) => s[p])),
  })),
  ...(['p50', 'p99'] as const).map((p) => ({
    metric: `5. count() over 10k, ${p}`,
    unit: 'ms' as const,
    pick: growth((g) => g.query, (q) => from(q.count, (s) => s[p])),
  })),
  ...([1_000, 10_000, 100_000] as const).flatMap((size) =>
    (['p50', 'p99'] as const).map((p) => ({
      metric: `6. commit → listener fires @ ${size / 1000}k docs, ${p}`,
      unit: 'ms' as const,
      pick: growth((g) => g.listener[size], (l) => l.notify[p]),
    })),
  ),
  {
    metric: '6. listener latency 100k/1k, p50',
    unit: '×',
    pick: (r) => slowdown(r, (l) => l.notify.p50),
    goal: '~1× (official 11×)',
    meets: (v) => v < 1.5,
  },
  { metric: '6. listener latency 100k/1k, p99', unit: '×', pick: (r) => slowdown(r, (l) => l.notify.p99), goal: '~1×' },
  {
    metric: '6. commit alone (listener attached) 100k/1k, p50',
    unit: '×',
    pick: (r) => slowdown(r, (l) => l.commit.p50),
    goal: '~1×',
  },
];

function formatValue(value: number, unit: Unit): string {
  if (unit === 'ms') return `${roundMs(value)} ms`;
  if (unit === 'MiB') return `${value.toFixed(1)} MiB`;
  if (unit === 'docs/s') return `${Math.round(value).toLocaleString('en')} docs/s`;
  return `${value.toFixed(2)}×`;
}

function cell(o: Outcome<number>, unit: Unit): string {
  if (!o.ok) {
    // The full message is in the raw numbers; the table keeps to one readable line.
    const text = o.error.startsWith('not ') ? o.error : `unsupported: ${o.error}`;
    return text.length > 72 ? `${text.slice(0, 71)}…` : text;
  }
  return formatValue(o.value, unit);
}

/** A markdown table, so it can be pasted as is. */
function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function renderReport(ours: TargetResults, theirs: TargetResults): string {
  const rows = ROWS.map((row) => {
    const a = row.pick(ours);
    const b = row.pick(theirs);
    const goal = row.goal ?? '';
    const verdict = row.meets && a.ok ? (row.meets(a.value) ? ' ✓' : ' ✗') : '';
    const ratio = a.ok && b.ok && Number.isFinite(a.value / b.value) ? `${(a.value / b.value).toFixed(2)}×` : '—';
    return [row.metric, cell(a, row.unit), cell(b, row.unit), goal + verdict, ratio];
  });
  return renderTable(['metric', 'ours', '@firestore-emulator/server', 'goal', 'ratio ours/theirs'], rows);
}
