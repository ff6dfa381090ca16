import type { Firestore, Timestamp } from 'firebase-admin/firestore';
import { expect } from 'vitest';
import { canTransition, hasCommittedStock, paths, type OrderStatus } from '@storefront/domain';

/**
 * The invariants of reliability.md §0 that Firestore alone can show, checked for some products in
 * one store (tests use a fresh store each, so this sees exactly what the test did):
 * - I2: onHand, reserved, available ≥ 0 and available = onHand − reserved.
 * - I1 (against the ledger): onHand = Σ onHandDelta and reserved = Σ reservedDelta over the
 *   product's ledger entries (the fixtures write the initial stock with a restock entry).
 * - I1 (against the orders): reserved = Σ quantities on pending_payment orders, and
 *   onHand = Σ adjustments not tied to an order − Σ units sold and kept, where an order keeps its
 *   units while paid…delivered, or when it was refunded after shipping.
 * - I5: per order and product, the ledger entries add up to what its status holds: reservedDelta
 *   to its quantity while pending_payment and 0 after; onHandDelta to minus the units it kept.
 *   So units are reserved once and returned at most once.
 * - I6: each order's status-changing events form a legal path through the state machine, from
 *   'placed' to the order's current status.
 * Fails the calling test with every violation listed.
 */
export async function checkInvariants(db: Firestore, scope: { storeId: string; productIds: readonly string[] }): Promise<void> {
  const { storeId } = scope;
  const products = new Set(scope.productIds);
  const violations: string[] = [];

  const [ledgerSnap, ordersSnap, stockSnaps] = await Promise.all([
    db.collection(paths.inventoryLedger).where('storeId', '==', storeId).get(),
    db.collection(paths.orders).where('storeId', '==', storeId).get(),
    Promise.all(scope.productIds.map((p) => db.doc(paths.stock(p, storeId)).get())),
  ]);
  const ledger = ledgerSnap.docs.map((d) => d.data() as LedgerRow).filter((e) => products.has(e.productId));
  const orders = await Promise.all(ordersSnap.docs.map((d) => readOrder(db, d.id, d.data() as OrderRow)));

  for (const order of orders) {
    const problem = pathProblem(order);
    if (problem) violations.push(`I6 order ${order.id}: ${problem}`);
  }

  scope.productIds.forEach((productId, i) => {
    const stock = stockSnaps[i]!.data() ?? { onHand: 0, reserved: 0, available: 0 };
    const { onHand, reserved, available } = stock as { onHand: number; reserved: number; available: number };
    const where = `${productId}@${storeId}`;
    if (onHand < 0 || reserved < 0 || available < 0) violations.push(`I2 ${where}: negative stock ${JSON.stringify({ onHand, reserved, available })}`);
    if (available !== onHand - reserved) violations.push(`I2 ${where}: available ${available} ≠ onHand ${onHand} − reserved ${reserved}`);

    const entries = ledger.filter((e) => e.productId === productId);
    const sum = (rows: LedgerRow[], key: 'onHandDelta' | 'reservedDelta') => rows.reduce((s, e) => s + e[key], 0);
    if (sum(entries, 'onHandDelta') !== onHand) violations.push(`I1 ${where}: onHand ${onHand} ≠ ledger Σ ${sum(entries, 'onHandDelta')}`);
    if (sum(entries, 'reservedDelta') !== reserved)
      violations.push(`I1 ${where}: reserved ${reserved} ≠ ledger Σ ${sum(entries, 'reservedDelta')}`);

    let pendingUnits = 0;
    let keptUnits = 0;
    for (const order of orders) {
      const quantity = order.lines.filter((l) => l.productId === productId).reduce((s, l) => s + l.quantity, 0);
      if (quantity === 0) continue;
      const pending = order.status === 'pending_payment' ? quantity : 0;
      const kept = keepsUnits(order) ? quantity : 0;
      pendingUnits += pending;
      keptUnits += kept;
      const own = entries.filter((e) => e.orderId === order.id);
      if (sum(own, 'reservedDelta') !== pending)
        violations.push(`I5 order ${order.id} (${order.status}) ${where}: ledger reservedDelta Σ ${sum(own, 'reservedDelta')}, expected ${pending}`);
      if (sum(own, 'onHandDelta') !== -kept)
        violations.push(`I5 order ${order.id} (${order.status}) ${where}: ledger onHandDelta Σ ${sum(own, 'onHandDelta')}, expected ${-kept}`);
    }
    if (reserved !== pendingUnits) violations.push(`I1 ${where}: reserved ${reserved} ≠ ${pendingUnits} units on pending orders`);
    const adjustments = sum(
      entries.filter((e) => e.orderId === null),
      'onHandDelta',
    );
    if (onHand !== adjustments - keptUnits)
      violations.push(`I1 ${where}: onHand ${onHand} ≠ adjustments ${adjustments} − ${keptUnits} units sold and kept`);
  });

  expect(violations, 'invariant violations').toEqual([]);
}

interface LedgerRow {
  productId: string;
  orderId: string | null;
  onHandDelta: number;
  reservedDelta: number;
}

interface OrderRow {
  status: OrderStatus;
  lines: { productId: string; quantity: number }[];
}

interface EventRow {
  type: string;
  at: Timestamp;
  from: OrderStatus | null;
  to: OrderStatus | null;
}

interface OrderWithEvents extends OrderRow {
  id: string;
  events: EventRow[];
}

async function readOrder(db: Firestore, id: string, row: OrderRow): Promise<OrderWithEvents> {
  const events = await db.collection(paths.orderEvents(id)).get();
  return { ...row, id, events: events.docs.map((d) => d.data() as EventRow) };
}

/** Whether the order's units are gone from the store: sold and not restocked. */
function keepsUnits(order: OrderWithEvents): boolean {
  if (hasCommittedStock(order.status)) return true;
  // Refunded after the parcel left: refunded, but the goods are not back on the shelf.
  return order.status === 'refunded' && order.events.some((e) => e.to === 'shipped');
}

/**
 * Why the order's status-changing events (from ≠ to, both set) do not form a legal path from
 * 'placed' to its current status, or null. Events committed together share a timestamp, so among
 * equal times the one continuing the path is taken.
 */
function pathProblem(order: OrderWithEvents): string | null {
  const moves = order.events
    .filter((e) => e.type === 'placed' || (e.from !== null && e.to !== null && e.from !== e.to))
    .sort((a, b) => a.at.toMillis() - b.at.toMillis() || a.at.nanoseconds - b.at.nanoseconds);
  const placed = moves.filter((e) => e.type === 'placed');
  if (placed.length !== 1 || placed[0]!.to !== 'pending_payment') return `expected one 'placed' event to pending_payment, got ${placed.length}`;
  let status: OrderStatus = 'pending_payment';
  const rest = moves.filter((e) => e !== placed[0]);
  const trail: string[] = [status];
  while (rest.length > 0) {
    const earliest = rest[0]!.at;
    const next = rest.findIndex((e) => e.at.isEqual(earliest) && e.from === status);
    if (next === -1) return `no event continues from ${status} (trail ${trail.join(' → ')}; left: ${rest.map((e) => `${e.from}→${e.to}`).join(', ')})`;
    const [move] = rest.splice(next, 1);
    if (!canTransition(move!.from!, move!.to!)) return `illegal move ${move!.from} → ${move!.to} (trail ${trail.join(' → ')})`;
    status = move!.to!;
    trail.push(status);
  }
  return status === order.status ? null : `events end at ${status} but the order is ${order.status} (trail ${trail.join(' → ')})`;
}
