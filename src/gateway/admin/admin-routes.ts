import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { usageSources } from '../../core/index.js';
import { aggregateDimensions, type RowFilter, timeGrains } from '../../ledger/index.js';
import { formatSchemaIssues } from '../../pricing/index.js';
import type { BudgetScope } from '../budget/create-budget-tracker.js';
import { GatewayHttpError } from '../errors/gateway-http-error.js';
import type { GatewayEnv } from '../gateway-env.js';
import type { GatewayServices } from '../gateway-services.js';
import { auth } from '../middleware/auth.js';

/** The virtual key as the ledger names the caller (`callerArn`) of gateway rows. */
export const keyCaller = (keyId: string): string => `gateway-key:${keyId}`;

const splitList = z.string().transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part !== ''));
const list = splitList.optional();
const time = z.iso.datetime({ offset: true }).or(z.iso.date()).optional();

const filterSchema = z.strictObject({
  since: time,
  until: time,
  /** Ledger sources; `gateway` by default, `all` for every source. */
  source: z.union([z.literal('all'), z.enum(usageSources)]).default('gateway'),
  key: list,
  team: list,
  model: list,
  task: list,
});

const usageQuerySchema = filterSchema.extend({
  groupBy: splitList.pipe(z.array(z.enum(aggregateDimensions))).optional(),
  grain: z.enum(timeGrains).optional(),
  orderBy: z.enum(['cost', 'period', 'rows']).optional(),
  limit: z.coerce.number().int().positive().max(10_000).default(1000),
});

const requestsQuerySchema = filterSchema.extend({
  orderBy: z.enum(['time', 'cost', 'outputTokens', 'inputTokens']).optional(),
  limit: z.coerce.number().int().positive().max(1000).default(100),
  offset: z.coerce.number().int().nonnegative().default(0),
});

function parseQuery<T>(c: Context, schema: z.ZodType<T>): T {
  const result = schema.safeParse(c.req.query());
  if (!result.success) throw new GatewayHttpError('invalid_request', `Invalid query: ${formatSchemaIssues(result.error).join('; ')}`);
  return result.data;
}

function toFilter(query: z.output<typeof filterSchema>): RowFilter {
  return {
    ...(query.since !== undefined && { since: query.since }),
    ...(query.until !== undefined && { until: query.until }),
    ...(query.source !== 'all' && { sources: [query.source] }),
    ...(query.key !== undefined && { callerArns: query.key.map(keyCaller) }),
    ...(query.team !== undefined && { teams: query.team }),
    ...(query.model !== undefined && { modelIds: query.model }),
    ...(query.task !== undefined && { tasks: query.task }),
  };
}

/**
 * `/admin/*`, behind an admin key: usage over the ledger (aggregates by any ledger dimension and
 * time grain, totals, individual calls) and the budgets' standing. Queries flush the usage buffer
 * first, so a call that just finished is counted.
 */
export function registerAdminRoutes(app: Hono<GatewayEnv>, services: Pick<GatewayServices, 'ledger' | 'usage' | 'budgets'>): void {
  app.use('/admin/*', auth('admin'));
  const ledger = async () => {
    if (services.ledger === undefined) throw new GatewayHttpError('unavailable', 'This gateway runs without a ledger, so there is nothing to query.');
    await services.usage.flush();
    return services.ledger.query;
  };

  app.get('/admin/usage', async (c) => {
    const query = parseQuery(c, usageQuerySchema);
    const rows = await (await ledger()).aggregate({
      filter: toFilter(query),
      ...(query.groupBy !== undefined && { groupBy: query.groupBy }),
      ...(query.grain !== undefined && { grain: query.grain }),
      ...(query.orderBy !== undefined && { orderBy: query.orderBy }),
      limit: query.limit,
    });
    return c.json({ rows });
  });

  app.get('/admin/usage/summary', async (c) => c.json(await (await ledger()).summary(toFilter(parseQuery(c, filterSchema)))));

  app.get('/admin/requests', async (c) => {
    const query = parseQuery(c, requestsQuerySchema);
    const rows = await (await ledger()).listRequests({ filter: toFilter(query), limit: query.limit, offset: query.offset, ...(query.orderBy !== undefined && { orderBy: query.orderBy }) });
    return c.json({ rows });
  });

  app.get('/admin/budgets', (c) => {
    const { config } = c.get('state');
    const scopes: BudgetScope[] = [
      ...config.keys.flatMap((key) => (key.budget === undefined ? [] : [{ kind: 'key' as const, name: key.id, budget: key.budget }])),
      ...config.teams.flatMap((team) => (team.budget === undefined ? [] : [{ kind: 'team' as const, name: team.name, budget: team.budget }])),
    ];
    return c.json({ budgets: services.budgets.standing(scopes) });
  });
}
