export * from './ids.js';
export * from './limits.js';
export * from './money.js';
export * from './order-status.js';
export * from './paths.js';
export * from './schemas.js';
