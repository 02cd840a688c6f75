export * from './catalog-schema.js';
export * from './parse-catalog.js';
export * from './default-catalog.js';
export * from './pricing-overrides-schema.js';
export * from './create-pricing-catalog.js';
export * from './find-price-row.js';
export * from './price-usage.js';
