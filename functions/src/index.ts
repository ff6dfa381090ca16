// Every deployed function, and nothing else (STYLE.md §8.2 item 5).
export { placeOrder } from './checkout/place-order.js';
export { cancelOrder } from './orders/cancel-order.js';
export { advanceOrder } from './orders/advance-order.js';
export { releaseReservation } from './reservations/release-reservation.js';
export { sweepReservations } from './reservations/sweep-reservations.js';
export { stripeWebhook } from './payments/stripe-webhook.js';
export { demoPay } from './payments/demo-pay.js';
