export interface CommandSummary {
  /** How root help lists the command (commander's subcommand term: name, `[options]`, arguments). */
  term: string;
  description: string;
}

/**
 * Every command as root help lists it, in that order. Root help (`frugal --help`, no command, a
 * misspelt one) is built from this list alone, without loading the commands' modules (which bring
 * the AWS SDK, DuckDB, servers: ~1.2 s for all of them); each command's module takes its
 * description from here, and a test holds every term to what the command itself declares.
 */
export const commandSummaries = {
  prices: { term: 'prices [options]', description: 'show the price catalog (USD per million tokens)' },
  estimate: { term: 'estimate [options]', description: 'cost of a workload on-demand, in batch and with prompt caching, and the saving of each' },
  crossover: { term: 'crossover [options]', description: 'Provisioned Throughput vs on-demand: monthly cost, break-even utilisation, recommendation' },
  emulator: { term: 'emulator [options]', description: 'serve SIMULATED Bedrock models on a local endpoint that the AWS SDK and CLI can call' },
  ingest: {
    term: 'ingest [options] <sources...>',
    description: 'read Bedrock invocation logs (folders, files, s3:// URLs), CUR / FOCUS billing exports, bench results, OTLP JSON traces and gateway usage rows into the ledger',
  },
  bench: {
    term: 'bench [options] <suite>',
    description: 'run a suite of real tasks across models: quality, cost, tokens and latency per task, the cost-vs-quality frontier and a verdict per candidate',
  },
  batch: { term: 'batch', description: 'run prompts as Bedrock batch inference jobs at about half the on-demand price: plan, submit, status, collect' },
  cache: { term: 'cache', description: 'plan prompt-cache points from real traffic, and lint prompts for what breaks prefix caching' },
  route: { term: 'route', description: 'Model routing: train a router on labelled outcomes, evaluate it RouteLLM-style, explain and try its decisions' },
  dashboard: { term: 'dashboard [options]', description: 'serve the cost dashboard (weekly panels, spend views, savings plan, alarms, bench results) over the ledger on localhost' },
  review: {
    term: 'review [options]',
    description: 'find the savings lever by lever (batch, caching, routing, output caps, service tier, provisioned) in the ledger, as a plan with the evidence behind every number',
  },
  report: {
    term: 'report [options] [view]',
    description: 'spend by provider per month, cost by model family per day, tokens by model and bucket, hourly tokens, cost per task: tables, SVG charts and one HTML file',
  },
  check: {
    term: 'check [options]',
    description: 'budgets, daily-cost anomalies, the month-end forecast and drift alarms from frugal.yaml; exits 1 when an alarm fires (for cron and CI)',
  },
  gateway: { term: 'gateway', description: 'serve an OpenAI- and Bedrock-compatible gateway with routing, caching, budgets and a usage ledger' },
} as const satisfies Record<string, CommandSummary>;

export type CommandName = keyof typeof commandSummaries;
