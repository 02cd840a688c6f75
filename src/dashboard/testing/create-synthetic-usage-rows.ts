import type { UsageRow } from '../../core/index.js';
import { type PricingCatalog, priceUsage } from '../../pricing/index.js';
import { createSampleRandom } from '../../sample/create-sample-random.js';

/**
 * A mixed fleet for tests and the dashboard benchmark: three providers, tiers 1 to 3, several
 * teams and tasks, business-hour traffic and prompt caching on some models. Rows are priced from
 * the catalog like ingested calls, so every view has real-looking numbers. Not a user's data.
 */
interface FleetModel {
  provider: UsageRow['provider'];
  id: string;
  family: string;
  tier: 1 | 2 | 3;
  caches: boolean;
  latencyMs: number;
}

const fleet: readonly FleetModel[] = [
  { provider: 'bedrock', id: 'anthropic.claude-sonnet-4-20250514-v1:0', family: 'claude-sonnet-4', tier: 2, caches: true, latencyMs: 2400 },
  { provider: 'bedrock', id: 'anthropic.claude-haiku-4-5-20251001-v1:0', family: 'claude-haiku-4.5', tier: 1, caches: true, latencyMs: 900 },
  { provider: 'bedrock', id: 'amazon.nova-lite-v1:0', family: 'nova-lite', tier: 1, caches: false, latencyMs: 600 },
  { provider: 'bedrock', id: 'anthropic.claude-opus-4-1-20250805-v1:0', family: 'claude-opus-4.1', tier: 3, caches: true, latencyMs: 5200 },
  { provider: 'anthropic', id: 'claude-sonnet-4-20250514', family: 'claude-sonnet-4', tier: 2, caches: true, latencyMs: 2200 },
  { provider: 'openai', id: 'gpt-4o-mini', family: 'gpt-4o-mini', tier: 1, caches: false, latencyMs: 700 },
];

const tasks = [
  { task: 'ticket-classification', team: 'support-ops', input: 400, output: 40, models: [0, 1, 2] },
  { task: 'document-extraction', team: 'lending-ops', input: 6000, output: 900, models: [0, 3] },
  { task: 'customer-chat', team: 'digital', input: 1800, output: 350, models: [0, 4] },
  { task: 'code-review', team: 'platform', input: 3500, output: 600, models: [3, 4, 5] },
  { task: 'summarisation', team: 'research', input: 2500, output: 250, models: [1, 5] },
] as const;

export interface SyntheticRowsOptions {
  /** Rows to make. */
  count: number;
  /** First day (UTC, YYYY-MM-DD) and how many days the rows spread over. */
  start: string;
  days: number;
  seed?: number;
  /** Request id prefix, so several batches can share a ledger. */
  idPrefix?: string;
}

/** Yields rows in batches (the benchmark makes a million without holding them all). */
export function* createSyntheticUsageRows(options: SyntheticRowsOptions, catalog: PricingCatalog, batchSize = 10_000): Generator<UsageRow[]> {
  const random = createSampleRandom(options.seed ?? 7);
  const start = Date.parse(`${options.start}T00:00:00Z`);
  const spanMs = options.days * 86_400_000;
  // Prices per model and bucket are looked up once: a million priceUsage calls would dominate the run.
  const unit = new Map(fleet.map((model) => [model.id, unitPrices(model, catalog)]));
  let batch: UsageRow[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const spec = tasks[random.weighted([5, 2, 4, 1, 1])] as (typeof tasks)[number];
    const model = fleet[random.pick(spec.models)] as FleetModel;
    // Business hours weigh more: a second draw folds night-time calls towards 08:00-18:00.
    let time = start + Math.floor((index / options.count) * spanMs + random.next() * 3_600_000);
    const hour = new Date(time).getUTCHours();
    if ((hour < 7 || hour > 19) && random.chance(0.6)) time += (12 - hour) * 3_600_000;
    time = Math.min(Math.max(time, start), start + spanMs - 1);
    const prompt = Math.round(random.around(spec.input, spec.input * 0.4, 20, spec.input * 3));
    const output = Math.round(random.around(spec.output, spec.output * 0.5, 1, spec.output * 4));
    const hit = model.caches && prompt > 1024 && random.chance(0.7);
    const cached = hit ? Math.round(prompt * 0.8) : 0;
    const written = model.caches && !hit && prompt > 1024 ? Math.round(prompt * 0.8) : 0;
    const input = prompt - cached - written;
    const price = unit.get(model.id) as UnitPrices;
    const costs = {
      input: input * price.input,
      cacheRead: cached * price.cacheRead,
      cacheWrite5m: written * price.cacheWrite5m,
      cacheWrite1h: 0,
      output: output * price.output,
    };
    const cost = costs.input + costs.cacheRead + costs.cacheWrite5m + costs.output;
    const latency = Math.round(random.around(model.latencyMs, model.latencyMs * 0.5, 80, model.latencyMs * 6));
    batch.push({
      source: model.provider === 'bedrock' ? 'invocation-log' : 'gateway',
      requestId: `${options.idPrefix ?? 'synthetic'}-${index}`,
      sourceFile: null,
      sourceLine: null,
      provider: model.provider,
      serviceName: model.provider === 'bedrock' ? 'Amazon Bedrock' : model.provider === 'openai' ? 'OpenAI' : 'Anthropic',
      region: model.provider === 'bedrock' ? 'us-east-1' : null,
      inferenceRegion: null,
      accountId: model.provider === 'bedrock' ? '111122223333' : null,
      callerArn: null,
      operation: model.provider === 'bedrock' ? 'Converse' : null,
      modelId: model.id,
      rawModelId: model.id,
      modelFamily: model.family,
      modelTier: model.tier,
      inferenceScope: model.provider === 'bedrock' ? 'in-region' : null,
      inferenceProfile: null,
      mode: 'on-demand',
      usageType: null,
      requestCount: 1,
      usageStart: new Date(time).toISOString(),
      usageEnd: new Date(time + latency).toISOString(),
      inputTokens: input,
      cacheReadTokens: cached,
      cacheWrite5mTokens: written,
      cacheWrite1hTokens: 0,
      outputTokens: output,
      cost,
      costBasis: 'catalog',
      billedCost: null,
      catalogCost: cost,
      costByBucket: costs,
      pricingStatus: 'priced',
      priceVersion: catalog.version,
      pricingNote: null,
      task: spec.task,
      taskSource: 'metadata',
      team: spec.team,
      metadata: { task: spec.task, team: spec.team },
      routeDecision: null,
      cacheHit: model.caches ? hit : null,
      latencyMs: latency,
      ttftMs: null,
      maxTokens: 1024,
      stopReason: 'end_turn',
      systemPromptHash: null,
      promptBlocks: [],
      cachePoints: null,
      messageCount: 1,
      promptChars: prompt * 4,
      requestPreview: `synthetic ${spec.task} request ${index}`,
      responsePreview: null,
      inputBodyPath: null,
      outputBodyPath: null,
    });
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

interface UnitPrices {
  input: number;
  cacheRead: number;
  cacheWrite5m: number;
  output: number;
}

/** USD per token of each bucket, from the catalog (a million tokens priced once, divided). */
function unitPrices(model: FleetModel, catalog: PricingCatalog): UnitPrices {
  const per = (bucket: 'inputTokens' | 'cacheReadTokens' | 'cacheWrite5mTokens' | 'outputTokens'): number => {
    const cost = priceUsage(
      { model: model.id, ...(model.provider === 'bedrock' && { region: 'us-east-1' }), inputTokens: 0, outputTokens: 0, [bucket]: 1_000_000, time: '2026-07-01T00:00:00Z' },
      catalog,
    );
    return (cost.total ?? 0) / 1_000_000;
  };
  return { input: per('inputTokens'), cacheRead: model.caches ? per('cacheReadTokens') : 0, cacheWrite5m: model.caches ? per('cacheWrite5mTokens') : 0, output: per('outputTokens') };
}
