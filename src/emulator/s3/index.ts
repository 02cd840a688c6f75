export * from './object-store.js';
export * from './s3-error.js';
export * from './create-memory-object-store.js';
export * from './open-object-store.js';
export * from './register-s3-routes.js';
