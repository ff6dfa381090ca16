// npm run bench:flash-sale (part of npm run bench): flash sales through the placeOrder callable on
// a local stack (our Firestore emulator + the Firebase CLI's auth/functions/tasks emulators, free
// ports). Every buyer is a distinct anonymous user asking for one unit; calls are fired at once,
// capped at BENCH_CONCURRENCY in flight (default 100). Prints orders placed, oversold units
// (read back from Firestore: must be 0), rejections by code, throughput and latency.
import { join } from 'node:path';
import { roundMs, summarize } from '../../emulator/bench/stats.js';
import { createProduct, createStore } from '../test/support/fixtures.js';
import { REPO_ROOT } from '../test/support/functions-files.js';
import { startLocalStack, type StackInfo } from '../test/support/local-stack.js';
import {
  bindAdminSdk,
  callFunction,
  createUser,
  uniqueId,
  type CallResult,
} from '../test/support/stack-client.js';
import { runPool } from './run-pool.js';
import { auditSale, type SaleAudit } from './sale-audit.js';

interface Scenario {
  name: string;
  buyers: number;
  products: number;
  unitsPerProduct: number;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'one hot product', buyers: 500, products: 1, unitsPerProduct: 50 },
  { name: 'spread over 20 products', buyers: 2000, products: 20, unitsPerProduct: 10 },
];
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 100);
/** Signing up thousands of buyers is set-up, not the thing measured: a modest cap is enough. */
const SIGN_UP_CONCURRENCY = 20;

interface Outcome {
  ms: number;
  /** 'ok', 'out-of-stock', or the error status for anything else. */
  result: string;
  message?: string;
}

function classify(call: CallResult<unknown>): Pick<Outcome, 'result' | 'message'> {
  if (call.ok) return { result: 'ok' };
  const reason = (call.details as { reason?: unknown } | undefined)?.reason;
  if (call.status === 'FAILED_PRECONDITION' && reason === 'out-of-stock') return { result: 'out-of-stock' };
  return { result: call.status, message: call.message };
}

/** New function workers started per warm-up step. */
const WARM_UP_STEP = 10;

/**
 * The functions emulator starts one worker process per concurrent request it cannot serve with an
 * idle one, and a stampede of cold starts on a small machine can outlast its start-up timeout. So
 * the workers are started first, WARM_UP_STEP more at a time, with calls that fail validation (an
 * empty cart): the sale then measures checkouts, not process start-up.
 */
async function warmUp(stack: StackInfo, idToken: string): Promise<number> {
  const started = performance.now();
  for (
    let inFlight = Math.min(WARM_UP_STEP, CONCURRENCY);
    ;
    inFlight = Math.min(inFlight + WARM_UP_STEP, CONCURRENCY)
  ) {
    await runPool(inFlight, inFlight, () =>
      callFunction(
        stack,
        'placeOrder',
        { checkoutId: uniqueId('warm'), storeId: 'none', lines: [] },
        idToken,
      ),
    );
    if (inFlight === CONCURRENCY) return performance.now() - started;
  }
}

async function runScenario(
  stack: StackInfo,
  scenario: Scenario,
): Promise<{ outcomes: Outcome[]; seconds: number; audit: SaleAudit }> {
  const storeId = await createStore();
  const productIds = await Promise.all(
    Array.from({ length: scenario.products }, () =>
      createProduct({ price: 1999, stock: { [storeId]: scenario.unitsPerProduct } }),
    ),
  );
  const buyers = await runPool(scenario.buyers, SIGN_UP_CONCURRENCY, () =>
    createUser(stack, { anonymous: true }),
  );

  const started = performance.now();
  const outcomes = await runPool(scenario.buyers, CONCURRENCY, async (i): Promise<Outcome> => {
    const input = {
      checkoutId: uniqueId('bench'),
      storeId,
      lines: [{ productId: productIds[i % productIds.length]!, quantity: 1 }],
    };
    const t0 = performance.now();
    const call = await callFunction(stack, 'placeOrder', input, buyers[i]!.idToken);
    return { ms: performance.now() - t0, ...classify(call) };
  });
  const seconds = (performance.now() - started) / 1000;
  const audit = await auditSale(storeId, new Map(productIds.map((id) => [id, scenario.unitsPerProduct])));
  return { outcomes, seconds, audit };
}

function report(
  scenario: Scenario,
  { outcomes, seconds, audit }: Awaited<ReturnType<typeof runScenario>>,
): boolean {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o.result, (counts.get(o.result) ?? 0) + 1);
  const placed = counts.get('ok') ?? 0;
  const rejections = [...counts].filter(([r]) => r !== 'ok');
  const latency = (of: readonly Outcome[]) => {
    if (of.length === 0) return 'none';
    const l = summarize(of.map((o) => o.ms));
    return `p50 ${roundMs(l.p50)} ms, p99 ${roundMs(l.p99)} ms, max ${roundMs(l.max)} ms`;
  };
  const units = scenario.products * scenario.unitsPerProduct;
  const sample = outcomes.find((o) => o.message !== undefined);
  console.log(
    [
      `\n${scenario.name}: ${scenario.buyers} buyers, ${units} units (${scenario.products} × ${scenario.unitsPerProduct}), ${CONCURRENCY} calls in flight`,
      `  orders placed    ${placed} (read back: ${audit.orders} orders in the store)`,
      `  oversold units   ${audit.oversold}${audit.inconsistent.length ? `   STOCK INCONSISTENT: ${JSON.stringify(audit.inconsistent)}` : '   (stock documents agree with the orders)'}`,
      `  rejections       ${rejections.map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}`,
      ...(sample ? [`  e.g.             ${sample.result}: ${sample.message}`] : []),
      `  throughput       ${(outcomes.length / seconds).toFixed(1)} calls/s (${outcomes.length} calls in ${seconds.toFixed(1)} s)`,
      `  latency          ${latency(outcomes)}`,
      `    placed         ${latency(outcomes.filter((o) => o.result === 'ok'))}`,
      `    rejected       ${latency(outcomes.filter((o) => o.result !== 'ok'))}`,
    ].join('\n'),
  );
  // A sale is right when it sells exactly the stock (every buyer wants one unit, buyers outnumber units) and no more.
  return (
    audit.oversold === 0 &&
    audit.inconsistent.length === 0 &&
    placed === audit.orders &&
    placed === Math.min(units, scenario.buyers)
  );
}

async function main(): Promise<void> {
  const runDir = join(REPO_ROOT, '.firebase-test', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const stack = await startLocalStack({ projectId: 'demo-storefront-bench', ports: 'free', runDir });
  console.log(`Stack ready in ${(stack.startMs / 1000).toFixed(1)} s (Firebase CLI log: ${stack.logFile})`);
  try {
    bindAdminSdk(stack.info);
    const warmMs = await warmUp(stack.info, (await createUser(stack.info, { anonymous: true })).idToken);
    console.log(`Warm-up: ${CONCURRENCY} function workers started in ${(warmMs / 1000).toFixed(1)} s`);
    let allRight = true;
    for (const scenario of SCENARIOS)
      allRight = report(scenario, await runScenario(stack.info, scenario)) && allRight;
    if (!allRight) process.exitCode = 1;
  } finally {
    await stack.stop();
  }
}

main().catch((e: unknown) => {
  // fetch reports network failures as "fetch failed" with the reason in `cause`.
  console.error(e instanceof Error ? `${e.message}${e.cause ? ` (${String(e.cause)})` : ''}` : e);
  process.exit(1);
});
