/** Collection and document paths, written once so web, functions, rules tests and seeds agree. */
export const paths = {
  products: 'products',
  product: (productId: string) => `products/${productId}`,
  stock: (productId: string, storeId: string) => `products/${productId}/stock/${storeId}`,
  /** Collection-group id of the stock documents (all products' stock in one store). */
  stockGroup: 'stock',
  stores: 'stores',
  store: (storeId: string) => `stores/${storeId}`,
  orders: 'orders',
  order: (orderId: string) => `orders/${orderId}`,
  orderEvents: (orderId: string) => `orders/${orderId}/events`,
  inventoryLedger: 'inventoryLedger',
  /** Server-only: one document per Stripe event id, written with the event's effect. */
  stripeEvent: (eventId: string) => `stripeEvents/${eventId}`,
  /**
   * Server-only: present while a user's admin role is withdrawn. Rules check it, so a withdrawal
   * takes effect at once although the user's old ID token still carries `admin: true` for an hour.
   */
  adminRevocation: (uid: string) => `adminRevocations/${uid}`,
} as const;
