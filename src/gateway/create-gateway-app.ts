import { Hono } from 'hono';
import { registerAdminRoutes } from './admin/admin-routes.js';
import { converse, parseConverse } from './bedrock/converse-handler.js';
import { registerDashboardMount } from './dashboard/create-dashboard-mount.js';
import { GatewayHttpError } from './errors/gateway-http-error.js';
import type { GatewayEnv } from './gateway-env.js';
import type { GatewayServices } from './gateway-services.js';
import { auth } from './middleware/auth.js';
import { bodyLimit } from './middleware/body-limit.js';
import { budget } from './middleware/budget.js';
import { cacheHints } from './middleware/cache-hints.js';
import { errorMapping } from './middleware/error-mapping.js';
import { metering } from './middleware/metering.js';
import { rateLimit } from './middleware/rate-limit.js';
import { requestId } from './middleware/request-id.js';
import { route } from './middleware/route.js';
import { timeout } from './middleware/timeout.js';
import { chatCompletions, parseChatCompletion } from './openai/chat-completions-handler.js';

/**
 * The gateway as a Hono app. Every model endpoint runs the same chain, in this order:
 * request id → metering (in flight, config pinned) → auth (before the body is read) → rate limit →
 * body limit → timeout → parse → route → cache hints → budget → the pipeline. Health and metrics
 * sit outside the chain; `/admin/*` has its own key, as has the dashboard when it is mounted.
 */
export function createGatewayApp(services: GatewayServices): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  app.onError(errorMapping(services.logger));
  app.notFound(() => {
    throw new GatewayHttpError('not_found', `No such endpoint. This gateway serves POST /v1/chat/completions, POST /model/{id}/converse and /converse-stream, GET /healthz, GET /metrics and /admin/*${services.dashboard === undefined ? '' : `, and the dashboard at ${services.dashboard.path}/`}.`);
  });
  app.use('*', requestId());

  app.get('/healthz', (c) => {
    const usage = services.usage.stats();
    const accepting = services.lifecycle.accepting;
    return c.json({ status: accepting ? 'ok' : 'draining', inFlight: services.lifecycle.inFlight, usage: { queued: usage.queued, ledgerOutage: usage.outage } }, accepting ? 200 : 503);
  });
  app.get('/metrics', async (c) => c.text(await services.metrics.render(), 200, { 'content-type': services.metrics.registry.contentType }));

  app.use('*', metering(services));
  registerAdminRoutes(app, services);
  if (services.dashboard !== undefined) registerDashboardMount(app, services.dashboard);

  const common = [auth('client'), rateLimit(services.rateLimiter), bodyLimit(), timeout()] as const;
  const after = [route(), cacheHints(), budget(services)] as const;
  app.post('/v1/chat/completions', ...common, parseChatCompletion(), ...after, chatCompletions(services));
  app.post('/model/:modelId/converse', ...common, parseConverse(false), ...after, converse(services));
  app.post('/model/:modelId/converse-stream', ...common, parseConverse(true), ...after, converse(services));
  return app;
}
