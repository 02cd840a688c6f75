import { AsyncLocalStorage } from 'node:async_hooks';
import { type Context, type ContextManager, ROOT_CONTEXT } from '@opentelemetry/api';

/**
 * An AsyncLocalStorage context manager, for apps that build a `TracerProvider` by hand (the SDK
 * 2.x provider no longer registers one). Without a context manager `context.with` does nothing:
 * spans of the AWS SDK instrumentation could not nest under frugal's, nor be suppressed. Apps on
 * `NodeSDK` or `NodeTracerProvider.register()` already have one and do not need this.
 */
export function createAsyncContextManager(): ContextManager {
  const storage = new AsyncLocalStorage<Context>();
  const manager: ContextManager = {
    active: () => storage.getStore() ?? ROOT_CONTEXT,
    with(context, fn, thisArg, ...args) {
      return storage.run(context, () => fn.call(thisArg, ...args));
    },
    bind(context, target) {
      if (typeof target !== 'function') return target;
      const fn = target as unknown as (...args: unknown[]) => unknown;
      return function bound(this: unknown, ...args: unknown[]) {
        return manager.with(context, () => fn.apply(this, args));
      } as unknown as typeof target;
    },
    enable: () => manager,
    disable() {
      storage.disable();
      return manager;
    },
  };
  return manager;
}
