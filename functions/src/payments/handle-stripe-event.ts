import { FieldValue, type Transaction } from 'firebase-admin/firestore';
import { orderIdSchema, paths, type Actor, type Order } from '@storefront/domain';
import { db } from '../lib/admin.js';
import { applyTransition } from '../orders/apply-transition.js';
import { appendOrderEvent } from '../orders/append-event.js';
import { orderRef, parseOrder } from '../orders/order-doc.js';
import type { RefundRequest } from './refund-payment.js';
import type { HandledEvent } from './stripe-event-schema.js';

const STRIPE: Actor = { kind: 'stripe', uid: null };

/**
 * What handling an event did, as recorded in its marker `stripeEvents/{event.id}`:
 * - 'applied': the order moved, or its timeline recorded the event;
 * - 'ignored': the event is older than the order's state (e.g. a failure after the payment);
 * - 'flagged': it does not match the order (amount, currency, owner, PaymentIntent, livemode) or
 *   names no known order; nothing changed and it waits for a person;
 * - 'refund-required': the shopper paid for an order that cannot be fulfilled; the order is
 *   refunded and the money must go back (`refund`).
 */
export type EventOutcome = 'applied' | 'ignored' | 'flagged' | 'refund-required';

export interface EventResult {
  /** 'duplicate': the event id was processed before and nothing was done this time. */
  outcome: EventOutcome | 'duplicate';
  orderId: string | null;
  reason: string | null;
  /** A refund to issue after commit. A duplicate of a 'refund-required' event carries it again. */
  refund: RefundRequest | null;
}

interface Decision {
  outcome: EventOutcome;
  reason: string | null;
  refund?: RefundRequest;
  /** New text for the order's `notice` (null clears it); absent leaves it as it is. */
  notice?: string | null;
}

/** The parts of a PaymentIntent or Charge the checks compare with the order. */
interface PaymentFacts {
  /** A Charge, which may lack our metadata; a PaymentIntent always carries it (we create them). */
  isCharge: boolean;
  paymentIntentId: string | null;
  orderId: string | undefined;
  uid: string | undefined;
  amount: number;
  currency: string;
}

function factsOf(event: HandledEvent): PaymentFacts {
  if (event.type === 'charge.refunded') {
    const charge = event.data.object;
    const { orderId, uid } = charge.metadata;
    return { isCharge: true, paymentIntentId: charge.payment_intent, orderId, uid, amount: charge.amount, currency: charge.currency };
  }
  const intent = event.data.object;
  const { orderId, uid } = intent.metadata;
  return { isCharge: false, paymentIntentId: intent.id, orderId, uid, amount: intent.amount, currency: intent.currency };
}

/**
 * Applies one verified Stripe event in ONE transaction: reads its marker (present → 'duplicate',
 * nothing else), finds and checks the order, makes the move the event calls for through
 * `applyTransition` (which writes the stock effect and the timeline), then creates the marker with
 * the outcome. The effect and the record of the event id commit together, so an event takes effect
 * at most once however often, and however concurrently, it is delivered (I4).
 * @param livemode whether this environment expects live-mode events.
 */
export async function handleStripeEvent(event: HandledEvent, livemode: boolean): Promise<EventResult> {
  const facts = factsOf(event);
  const markerRef = db().doc(paths.stripeEvent(event.id));
  return db().runTransaction(async (tx) => {
    const marker = await tx.get(markerRef);
    if (marker.exists) {
      const previous = marker.data() as { outcome: EventOutcome; orderId: string | null; refund: RefundRequest | null };
      return { outcome: 'duplicate', orderId: previous.orderId, reason: `already ${previous.outcome}`, refund: previous.refund };
    }
    const orderId = await resolveOrderId(tx, facts);
    const decision = await checkAndDecide(tx, event, facts, orderId, livemode);
    const refund = decision.refund ?? null;
    tx.create(markerRef, {
      type: event.type,
      orderId,
      paymentIntentId: facts.paymentIntentId,
      outcome: decision.outcome,
      reason: decision.reason,
      refund,
      livemode: event.livemode,
      created: event.created,
      processedAt: FieldValue.serverTimestamp(),
    });
    return { outcome: decision.outcome, orderId, reason: decision.reason, refund };
  });
}

/** Flags the event when it names no order or does not match it; else makes its move and updates the order. */
async function checkAndDecide(tx: Transaction, event: HandledEvent, facts: PaymentFacts, orderId: string | null, livemode: boolean): Promise<Decision> {
  if (!orderId) return { outcome: 'flagged', reason: 'the event names no order (metadata.orderId) and its PaymentIntent belongs to none' };
  const order = parseOrder(await tx.get(orderRef(orderId)));
  if (!order) return { outcome: 'flagged', reason: `order ${orderId} does not exist` };
  const problem = mismatch(event, facts, order, livemode);
  if (problem) return { outcome: 'flagged', reason: problem };
  const decision = await decide(tx, event, orderId, order, facts);
  updateOrder(tx, orderId, order, facts, decision);
  return decision;
}

/** The order from metadata, or else (a charge without our metadata) the order holding its PaymentIntent. */
async function resolveOrderId(tx: Transaction, facts: PaymentFacts): Promise<string | null> {
  if (facts.orderId !== undefined) return orderIdSchema.safeParse(facts.orderId).success ? facts.orderId : null;
  if (!facts.isCharge || !facts.paymentIntentId) return null;
  const holders = await tx.get(db().collection(paths.orders).where('paymentIntentId', '==', facts.paymentIntentId).limit(2));
  return holders.size === 1 ? holders.docs[0]!.id : null;
}

/** Why the event may not touch the order, or null when it matches (reliability.md B4, I3). */
function mismatch(event: HandledEvent, facts: PaymentFacts, order: Order, livemode: boolean): string | null {
  if (event.livemode !== livemode) return `a ${event.livemode ? 'live' : 'test'}-mode event reached a ${livemode ? 'live' : 'test'}-mode webhook`;
  if (!facts.isCharge && facts.uid === undefined) return 'the PaymentIntent has no metadata.uid';
  if (facts.uid !== undefined && facts.uid !== order.uid) return 'metadata.uid is not the owner of the order';
  if (facts.amount !== order.amount) return `amount ${facts.amount} differs from the order's ${order.amount}`;
  if (facts.currency.toLowerCase() !== order.currency) return `currency ${facts.currency} differs from the order's ${order.currency}`;
  if (order.paymentIntentId !== null && facts.paymentIntentId !== order.paymentIntentId)
    return `PaymentIntent ${facts.paymentIntentId} is not the order's ${order.paymentIntentId}`;
  if (event.type === 'charge.refunded' && event.data.object.amount_refunded < event.data.object.amount)
    return `partial refund (${event.data.object.amount_refunded} of ${event.data.object.amount}) needs a person`;
  return null;
}

function decide(tx: Transaction, event: HandledEvent, orderId: string, order: Order, facts: PaymentFacts): Promise<Decision> | Decision {
  switch (event.type) {
    case 'payment_intent.succeeded':
      return onSucceeded(tx, orderId, order, facts.paymentIntentId!);
    case 'payment_intent.payment_failed':
      return onFailed(tx, orderId, order, event.data.object.last_payment_error?.message ?? 'the payment failed');
    case 'payment_intent.canceled':
      return onCancelledOrRefundedEarly(tx, orderId, order, 'the payment was cancelled');
    case 'charge.refunded':
      return onRefunded(tx, orderId, order);
  }
}

const ignored = (order: Order): Decision => ({ outcome: 'ignored', reason: `the order is already ${order.status}` });

/**
 * pending_payment → paid commits the reservation; expired → paid sells again from available stock
 * (a late payment). A payment that cannot be honoured (expired and sold out, or cancelled while
 * paying) refunds the order at once and asks for the money back, so no shopper stays charged.
 */
async function onSucceeded(tx: Transaction, orderId: string, order: Order, paymentIntentId: string): Promise<Decision> {
  const paid = await applyTransition(tx, { orderId, to: 'paid', actor: STRIPE, note: `payment ${paymentIntentId} succeeded` });
  if (paid.outcome === 'applied') return { outcome: 'applied', reason: paid.from === 'expired' ? 'paid after expiry; stock sold again' : null, notice: null };
  if (paid.outcome !== 'out-of-stock' && order.status !== 'cancelled') return ignored(order);

  const notice =
    paid.outcome === 'out-of-stock'
      ? 'Your payment arrived after the reservation expired and the items have sold out, so it is refunded in full.'
      : 'The order was cancelled while your payment was going through, so the payment is refunded in full.';
  const reason = paid.outcome === 'out-of-stock' ? 'paid after expiry, out of stock' : 'paid after cancellation';
  // expired → refunded and cancelled → refunded are always allowed and touch no stock.
  await applyTransition(tx, { orderId, to: 'refunded', actor: STRIPE, note: notice });
  return { outcome: 'refund-required', reason, refund: { orderId, paymentIntentId, reason }, notice };
}

/** A declined attempt: the shopper may try again, so only the timeline and the notice change. */
function onFailed(tx: Transaction, orderId: string, order: Order, message: string): Decision {
  if (order.status !== 'pending_payment') return ignored(order);
  // Not a transition: from and to stay null so the timeline's status path is unaffected.
  appendOrderEvent(tx, orderId, { type: 'payment_failed', actor: STRIPE, from: null, to: null, note: message });
  return { outcome: 'applied', reason: null, notice: `Your payment did not go through (${message}). You can try again until the reservation expires.` };
}

/**
 * A PaymentIntent canceled, or a refund that overtook its own payment's success event (Stripe does
 * not order events): while the order still awaits payment it can no longer be paid, so it is
 * cancelled and its stock released. A success event arriving later then finds it cancelled and
 * refunds (idempotently). Later statuses ignore a stale cancellation.
 */
async function onCancelledOrRefundedEarly(tx: Transaction, orderId: string, order: Order, why: string): Promise<Decision> {
  if (order.status !== 'pending_payment') return ignored(order);
  await applyTransition(tx, { orderId, to: 'cancelled', actor: STRIPE, note: why });
  return { outcome: 'applied', reason: null, notice: `The order was cancelled because ${why}.` };
}

/** A full refund ends the order as refunded from any status that allows it (stock per `stockEffect`). */
async function onRefunded(tx: Transaction, orderId: string, order: Order): Promise<Decision> {
  if (order.status === 'pending_payment') return onCancelledOrRefundedEarly(tx, orderId, order, 'the payment was refunded before it was confirmed');
  const refunded = await applyTransition(tx, { orderId, to: 'refunded', actor: STRIPE, note: 'payment refunded' });
  if (refunded.outcome !== 'applied') return ignored(order);
  return { outcome: 'applied', reason: null, notice: 'Your payment was refunded.' };
}

/** Writes the notice, and records the PaymentIntent on an order placeOrder has not yet linked to it. */
function updateOrder(tx: Transaction, orderId: string, order: Order, facts: PaymentFacts, decision: Decision): void {
  const patch: Record<string, unknown> = {};
  if (decision.notice !== undefined && decision.notice !== (order.notice ?? null)) patch['notice'] = decision.notice;
  if (order.paymentIntentId === null && facts.paymentIntentId && decision.outcome !== 'ignored') patch['paymentIntentId'] = facts.paymentIntentId;
  if (Object.keys(patch).length > 0) tx.update(orderRef(orderId), { ...patch, updatedAt: FieldValue.serverTimestamp() });
}
