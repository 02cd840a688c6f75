export * from './read-price-list-offer.js';
export * from './fetch-price-list-offer.js';
