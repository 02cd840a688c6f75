import { describe, expect, it } from 'vitest';
import type { GatewayEnv, ParsedCall } from '../gateway-env.js';
import { createTestApp, createTestConfig, createTestServices, middlewareKeys } from '../testing/create-test-services.js';
import { auth } from './auth.js';
import { budget } from './budget.js';
import { route } from './route.js';
import type { Context } from 'hono';

const model = 'anthropic.claude-3-5-haiku-20241022-v1:0';

async function setup(budgets: { key?: number; team?: number }, handler: (c: Context<GatewayEnv>) => Promise<Response>) {
  const config = await createTestConfig((base) => ({
    ...base,
    keys: (base.keys ?? []).map((key) => (key.id === 'alice' && budgets.key !== undefined ? { ...key, budget: { dailyUsd: budgets.key } } : key)),
    teams: [{ name: 'red', ...(budgets.team !== undefined && { budget: { monthlyUsd: budgets.team } }) }],
  }));
  const services = await createTestServices(config);
  const app = createTestApp(services);
  app.post('/v1/chat/completions', auth('client'), async (c, next) => {
    const call: ParsedCall = { request: { modelId: model, messages: [{ role: 'user', content: [{ text: 'x'.repeat(400) }] }], inferenceConfig: { maxTokens: 100 } }, stream: false, includeUsage: false, model, task: undefined, conversationId: undefined };
    c.set('call', call);
    await next();
  }, route(), budget(services), handler);
  const send = (key: string = middlewareKeys.alice) => app.request('/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${key}` } });
  return { services, send };
}

describe('budget', () => {
  // Haiku 3.5 on-demand: $0.8/M input, $4/M output; 400 characters ≈ 100 input tokens, cap 100 output tokens.
  const estimate = 100 * 0.8e-6 + 100 * 4e-6;

  it('reserves atomically: of many concurrent requests, exactly as many pass as the budget holds', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { send } = await setup({ key: estimate * 10.5 }, async (c) => {
      await gate; // every request is in flight at once, holding its reservation
      return c.text('ok');
    });
    const responses = Array.from({ length: 50 }, () => send());
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    const statuses = await Promise.all(responses.map(async (response) => (await response).status));
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40);
  });

  it('settles to the actual cost, so a cheap call frees the rest of its reservation', async () => {
    const { send, services } = await setup({ key: estimate * 2.55 }, async (c) => {
      c.var.accounting.costUsd += estimate / 10; // what the call really cost
      return c.text('ok');
    });
    for (let index = 0; index < 16; index += 1) expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(429); // 1.6 estimates spent + 1 reserved would pass 2.55
    const [standing] = services.budgets.standing([{ kind: 'key', name: 'alice', budget: { dailyUsd: estimate * 2.55 } }]);
    expect(standing?.spentUsd).toBeCloseTo((estimate / 10) * 16, 10);
    expect(standing?.reservedUsd).toBe(0);
  });

  it('keeps the reservation as spent when the cost is unknown, and says which budget ran out', async () => {
    const { send } = await setup({ team: estimate * 1.5 }, async (c) => {
      c.var.accounting.unknownCost = true;
      return c.text('ok');
    });
    expect((await send()).status).toBe(200);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-should-retry')).toBe('false');
    const body = (await refused.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('insufficient_quota');
    expect(body.error.message).toContain('monthly budget of team "red"');
    // Bob is in no team and has no budget.
    expect((await send(middlewareKeys.bob)).status).toBe(403); // bob may only use "fixed"
  });

  it('settles a stream when it ends, not when the handler returns', async () => {
    let finish: () => void = () => undefined;
    const { send, services } = await setup({ key: 1 }, async (c) => {
      c.var.track(new Promise<void>((resolve) => {
        finish = () => {
          c.var.accounting.costUsd += 0.25;
          resolve();
        };
      }));
      return c.text('streaming');
    });
    expect((await send()).status).toBe(200);
    const scope = [{ kind: 'key' as const, name: 'alice', budget: { dailyUsd: 1 } }];
    expect(services.budgets.standing(scope)[0]?.reservedUsd).toBeCloseTo(estimate, 10);
    finish();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(services.budgets.standing(scope)[0]).toMatchObject({ spentUsd: 0.25, reservedUsd: 0 });
  });
});
