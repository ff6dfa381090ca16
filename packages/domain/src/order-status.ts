/**
 * The order state machine: the only place that says which status may follow which, and who may
 * make the move. Functions enforce it inside their transactions; the web app uses it to decide
 * which buttons to show.
 */
export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'packed',
  'shipped',
  'out_for_delivery',
  'delivered',
  'cancelled',
  'expired',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The happy path, in order; the web app draws it as the progress bar. */
export const FULFILMENT_PATH = ['pending_payment', 'paid', 'packed', 'shipped', 'out_for_delivery', 'delivered'] as const;

/** Every allowed move. Anything not listed (including staying put) is not a transition. */
const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending_payment: ['paid', 'cancelled', 'expired'],
  paid: ['packed', 'cancelled', 'refunded'],
  packed: ['shipped', 'cancelled', 'refunded'],
  shipped: ['out_for_delivery', 'refunded'],
  out_for_delivery: ['delivered', 'refunded'],
  delivered: ['refunded'],
  // A paid order that is cancelled is refunded; Stripe's refund event then ends it as `refunded`.
  cancelled: ['refunded'],
  // A payment that lands after expiry: re-reserved (→ paid) or refunded automatically.
  expired: ['paid', 'refunded'],
  refunded: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTerminal(status: OrderStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/** The next fulfilment step an admin can take, or null when there is none. */
export function nextFulfilmentStatus(status: OrderStatus): OrderStatus | null {
  const i = FULFILMENT_PATH.indexOf(status as (typeof FULFILMENT_PATH)[number]);
  return i >= 1 && i < FULFILMENT_PATH.length - 1 ? FULFILMENT_PATH[i + 1]! : null;
}

/** Statuses from which the shopper may still cancel: before the parcel leaves the store. */
const OWNER_CANCELLABLE: readonly OrderStatus[] = ['pending_payment', 'paid', 'packed'];

export function canOwnerCancel(status: OrderStatus): boolean {
  return OWNER_CANCELLABLE.includes(status);
}

/**
 * Moves an admin may make by hand: one fulfilment step forward, or cancelling a paid order that
 * has not shipped. Payment states (paid, expired, refunded) are only ever set by the system.
 */
export function canAdminMove(from: OrderStatus, to: OrderStatus): boolean {
  if (to === 'cancelled') return from === 'paid' || from === 'packed';
  return nextFulfilmentStatus(from) === to;
}

/** Whether an order in this status holds reserved (not yet sold) stock. */
export function holdsReservation(status: OrderStatus): boolean {
  return status === 'pending_payment';
}

/** Whether an order in this status has sold its stock (onHand already reduced). */
export function hasCommittedStock(status: OrderStatus): boolean {
  return status === 'paid' || status === 'packed' || status === 'shipped' || status === 'out_for_delivery' || status === 'delivered';
}

export const STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
  pending_payment: 'Awaiting payment',
  paid: 'Paid',
  packed: 'Packed',
  shipped: 'Shipped',
  out_for_delivery: 'Out for delivery',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  expired: 'Expired',
  refunded: 'Refunded',
};
