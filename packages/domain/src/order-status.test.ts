import { describe, expect, it } from 'vitest';
import {
  canAdminMove,
  canOwnerCancel,
  canTransition,
  hasCommittedStock,
  holdsReservation,
  isTerminal,
  nextFulfilmentStatus,
  ORDER_STATUSES,
  type OrderStatus,
} from './order-status.js';

// The lifecycle written out independently of the module's table: every allowed move, nothing else.
const ALLOWED = new Set<string>([
  'pending_payment→paid',
  'pending_payment→cancelled',
  'pending_payment→expired',
  'paid→packed',
  'paid→cancelled',
  'paid→refunded',
  'packed→shipped',
  'packed→cancelled',
  'packed→refunded',
  'shipped→out_for_delivery',
  'shipped→refunded',
  'out_for_delivery→delivered',
  'out_for_delivery→refunded',
  'delivered→refunded',
  'cancelled→refunded',
  'expired→paid',
  'expired→refunded',
]);

const ADMIN_MOVES = new Set<string>([
  'paid→packed',
  'packed→shipped',
  'shipped→out_for_delivery',
  'out_for_delivery→delivered',
  'paid→cancelled',
  'packed→cancelled',
]);

const pairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as [OrderStatus, OrderStatus]));

describe('canTransition', () => {
  it.each(pairs)('%s → %s matches the lifecycle', (from, to) => {
    expect(canTransition(from, to)).toBe(ALLOWED.has(`${from}→${to}`));
  });

  it('never allows staying put or returning to pending_payment', () => {
    for (const s of ORDER_STATUSES) {
      expect(canTransition(s, s)).toBe(false);
      expect(canTransition(s, 'pending_payment')).toBe(false);
    }
  });
});

describe('canAdminMove', () => {
  it.each(pairs)('%s → %s is an admin move only if listed', (from, to) => {
    expect(canAdminMove(from, to)).toBe(ADMIN_MOVES.has(`${from}→${to}`));
  });

  it('only allows moves the state machine allows', () => {
    for (const [from, to] of pairs) if (canAdminMove(from, to)) expect(canTransition(from, to)).toBe(true);
  });
});

describe('canOwnerCancel', () => {
  it.each(ORDER_STATUSES)('%s', (status) => {
    expect(canOwnerCancel(status)).toBe(['pending_payment', 'paid', 'packed'].includes(status));
  });

  it('only where cancelled is a legal next status', () => {
    for (const s of ORDER_STATUSES) if (canOwnerCancel(s)) expect(canTransition(s, 'cancelled')).toBe(true);
  });
});

describe('status helpers', () => {
  it('refunded is the only terminal status', () => {
    expect(ORDER_STATUSES.filter(isTerminal)).toEqual(['refunded']);
  });

  it('nextFulfilmentStatus walks paid → delivered and stops', () => {
    expect(nextFulfilmentStatus('pending_payment')).toBeNull();
    expect(nextFulfilmentStatus('paid')).toBe('packed');
    expect(nextFulfilmentStatus('packed')).toBe('shipped');
    expect(nextFulfilmentStatus('shipped')).toBe('out_for_delivery');
    expect(nextFulfilmentStatus('out_for_delivery')).toBe('delivered');
    expect(nextFulfilmentStatus('delivered')).toBeNull();
    expect(nextFulfilmentStatus('cancelled')).toBeNull();
  });

  it('only pending_payment holds a reservation; only paid through delivered have sold stock', () => {
    expect(ORDER_STATUSES.filter(holdsReservation)).toEqual(['pending_payment']);
    expect(ORDER_STATUSES.filter(hasCommittedStock)).toEqual(['paid', 'packed', 'shipped', 'out_for_delivery', 'delivered']);
  });
});
