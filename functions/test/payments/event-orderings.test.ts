import { describe, expect, it } from 'vitest';
import { canTransition, type OrderStatus } from '@storefront/domain';
import { createStore } from '../support/fixtures.js';
import { checkInvariants } from '../support/invariants.js';
import { adminDb, createUser, type TestUser } from '../support/stack.js';
import { placeOrder, readOrder, type PlacedOrder } from '../support/order-flow.js';
import { chargeRefundedEvent, deliver, marker, paymentIntentEvent, readStock, type TestEvent } from './payment-fixtures.js';

/**
 * Stripe does not order its events (reliability.md F8). For one order, every ordering of every
 * non-empty subset of {succeeded, failed, canceled, refunded} (64 sequences) must end where the
 * model below says, with the stock to match, and with no shopper left charged.
 */

type Kind = 'succeeded' | 'failed' | 'canceled' | 'refunded';
const KINDS: readonly Kind[] = ['succeeded', 'failed', 'canceled', 'refunded'];

/**
 * The expected end state, from the state machine and what each event means:
 * - succeeded pays an order awaiting payment; an order already cancelled cannot be fulfilled, so
 *   it is refunded (and the money sent back);
 * - failed never moves an order (the shopper may retry);
 * - canceled cancels an order awaiting payment;
 * - refunded refunds any order the state machine lets become refunded; one still awaiting payment
 *   (the refund overtook its payment) can never be paid, so it is cancelled.
 * Returns the end status and whether the webhook had to send money back itself.
 */
function expectedEnd(sequence: readonly Kind[]): { status: OrderStatus; refundIssued: boolean } {
  let status: OrderStatus = 'pending_payment';
  let refundIssued = false;
  for (const kind of sequence) {
    if (kind === 'succeeded' && status === 'pending_payment') status = 'paid';
    else if (kind === 'succeeded' && status === 'cancelled') [status, refundIssued] = ['refunded', true];
    else if (kind === 'canceled' && status === 'pending_payment') status = 'cancelled';
    else if (kind === 'refunded' && status === 'pending_payment') status = 'cancelled';
    else if (kind === 'refunded' && canTransition(status, 'refunded')) status = 'refunded';
  }
  return { status, refundIssued };
}

function orderings(items: readonly Kind[]): Kind[][] {
  if (items.length === 0) return [[]];
  return items.flatMap((item, i) => orderings([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

const SEQUENCES = Array.from({ length: 15 }, (_, mask) => KINDS.filter((_, bit) => ((mask + 1) >> bit) & 1)).flatMap(orderings);

function eventFor(kind: Kind, order: PlacedOrder): TestEvent {
  if (kind === 'refunded') return chargeRefundedEvent(order);
  const type = ({ succeeded: 'payment_intent.succeeded', failed: 'payment_intent.payment_failed', canceled: 'payment_intent.canceled' } as const)[kind];
  return paymentIntentEvent(type, order);
}

async function runSequence(sequence: Kind[], storeId: string, user: TestUser): Promise<string> {
  // A product per sequence: the sequences run side by side and would otherwise all queue on one stock document.
  const order = await placeOrder({ storeId, stock: 1, quantity: 1, user });
  for (const kind of sequence) {
    const answer = await deliver(eventFor(kind, order));
    expect({ sequence, kind, status: answer.status }).toEqual({ sequence, kind, status: 200 });
  }
  const expected = expectedEnd(sequence);
  const actual = await readOrder(order.orderId);
  expect({ sequence, status: actual.status }).toEqual({ sequence, status: expected.status });
  const refundMarker = await marker(`evt_demo_refund_${order.paymentIntentId}`);
  expect({ sequence, refundIssued: refundMarker !== undefined }).toEqual({ sequence, refundIssued: expected.refundIssued });
  // Nobody stays charged: a successful payment ends paid, or refunded (by the event or by us).
  if (sequence.includes('succeeded') && actual.status !== 'paid') expect({ sequence, status: actual.status }).toEqual({ sequence, status: 'refunded' });
  // Units leave the shelf only for paid orders; only an order left awaiting payment holds a reservation.
  const sold = actual.status === 'paid' ? 1 : 0;
  const held = actual.status === 'pending_payment' ? 1 : 0;
  expect({ sequence, stock: await readStock(order) }).toEqual({ sequence, stock: { onHand: 1 - sold, reserved: held, available: 1 - sold - held } });
  return order.productId;
}

describe('every ordering of succeeded / failed / canceled / refunded', () => {
  it(`ends in the state the model predicts (${SEQUENCES.length} sequences)`, { timeout: 300_000 }, async () => {
    expect(SEQUENCES).toHaveLength(64);
    const storeId = await createStore();
    const user = await createUser();

    // A few sequences at a time: each is sequential, as its events are, while the machine stays busy.
    const queue = [...SEQUENCES];
    const productIds: string[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) productIds.push(await runSequence(next, storeId, user));
      }),
    );
    expect(productIds).toHaveLength(64);
    await checkInvariants(adminDb(), { storeId, productIds });
  });
});
