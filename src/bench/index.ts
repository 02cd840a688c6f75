/**
 * `frugal bench`: suites of real tasks run across candidate models, scored deterministically and
 * by an LLM judge, summarised per task with confidence intervals, a cost-vs-quality frontier and
 * a verdict per candidate against the current model.
 * @module
 */
export * from './suite/suite-schema.js';
export * from './suite/bench-example.js';
export * from './suite/load-suite.js';
export * from './suite/load-bench-input.js';
export * from './suite/read-examples-file.js';
export * from './suite/render-template.js';
export * from './scorers/score-result.js';
export * from './scorers/normalize-answer.js';
export * from './scorers/extract-json.js';
export * from './scorers/score-deterministic.js';
export * from './scorers/score-response.js';
export * from './scorers/name-scorers.js';
export * from './run/bench-row.js';
export * from './run/build-task-request.js';
export * from './run/call-model.js';
export * from './run/plan-bench-run.js';
export * from './run/results-file.js';
export * from './run/run-bench.js';
export * from './run/resolve-run-settings.js';
export * from './run/estimate-bench-cost.js';
export * from './analysis/describe-sample.js';
export * from './analysis/find-pareto-frontier.js';
export * from './analysis/summarize-bench.js';
export * from './analysis/compare-with-baseline.js';
export * from './analysis/analyze-bench.js';
export * from './interop/import-promptfoo-config.js';
export * from './interop/export-bedrock-eval-jobs.js';
export * from './interop/import-bedrock-eval-results.js';
export * from './report/convert-rows-to-csv.js';
export * from './report/build-bench-tables.js';
export * from './report/build-bench-charts.js';
export * from './report/shorten-model-ids.js';
export * from './report/render-bench-report.js';
export * from './report/write-bench-outputs.js';
