export * from './config-schema.js';
export * from './client-config-schema.js';
export * from './gateway-config-schema.js';
export * from './review-config-schema.js';
export * from './check-config-schema.js';
export * from './load-config.js';
export * from './load-pricing-catalog.js';
