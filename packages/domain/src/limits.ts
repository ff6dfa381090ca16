/** Checkout limits: they bound what one transaction touches and what one shopper can hoard. */
export const MAX_LINES_PER_ORDER = 20;
export const MAX_QUANTITY_PER_LINE = 10;
export const MAX_QUANTITY_PER_ORDER = 50;
/** How long unpaid stock stays reserved, unless RESERVATION_MINUTES configures otherwise. */
export const DEFAULT_RESERVATION_MINUTES = 15;
/** Most units of one product an admin may record in one store (firestore.rules caps `onHand`). */
export const MAX_ON_HAND = 1_000_000;
