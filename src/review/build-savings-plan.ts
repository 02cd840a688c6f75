import type { PricingCatalog } from '../pricing/index.js';
import { type SliceState, priceEffect } from './lever-effect.js';
import type { LeverDraft } from './review-context.js';
import { type Finding, type LeverResult, type PlanStep, leverNames, leverTitles } from './review-report-schema.js';

export interface SavingsPlan {
  levers: LeverResult[];
  steps: PlanStep[];
  before: number;
  saving: number;
  after: number;
}

/** Money to a millionth of a dollar: exact enough to add up, short enough to read in JSON. */
const money = (usd: number): number => Math.round(usd * 1e6) / 1e6;
const usd = (value: number): string => `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/**
 * Applies the levers in compounding order (batch, caching, routing, caps, service tier,
 * provisioned), each finding to the traffic as the findings before it left it: caching prices
 * only what batch left on-demand, routing moves what caching already cut, caps trim the output
 * of the model routing chose. So every dollar is saved once. Each finding keeps both figures:
 * its saving alone on today's traffic, and its saving in the plan.
 */
export function buildSavingsPlan(drafts: readonly LeverDraft[], initial: SliceState, catalog: PricingCatalog, spendBefore: number): SavingsPlan {
  let state = initial;
  let running = spendBefore;
  const levers: LeverResult[] = [];
  const steps: PlanStep[] = [];
  for (const lever of leverNames) {
    const draft = drafts.find((item) => item.lever === lever);
    if (draft === undefined) continue;
    const findings: Finding[] = [];
    let stepSaving = 0;
    for (const { effect, slices, fixedSpend, ...finding } of draft.findings) {
      const alone = priceEffect(initial, effect, catalog).saving;
      if (alone <= 0) continue;
      const planned = priceEffect(state, effect, catalog);
      state = planned.after;
      stepSaving += planned.saving;
      findings.push({
        ...finding,
        affectedSpend: money(fixedSpend ?? slices.reduce((sum, slice) => sum + slice.cost, 0)),
        saving: money(alone),
        plannedSaving: money(planned.saving),
      });
    }
    findings.sort((left, right) => right.plannedSaving - left.plannedSaving);
    const affected = findings.reduce((sum, finding) => sum + finding.affectedSpend, 0);
    levers.push({
      lever,
      title: leverTitles[lever],
      status: findings.length > 0 ? 'savings' : draft.applicable ? 'none' : 'not-applicable',
      summary:
        findings.length > 0
          ? `${findings.length} change${findings.length === 1 ? '' : 's'} on ${usd(affected)} of spend: ${usd(findings.reduce((sum, finding) => sum + finding.saving, 0))} on its own, ${usd(stepSaving)} after the levers before it.`
          : draft.emptySummary,
      findings,
      notes: draft.notes,
    });
    steps.push({ lever, title: leverTitles[lever], before: money(running), saving: money(stepSaving), after: money(running - stepSaving), findings: findings.length });
    running -= stepSaving;
  }
  return { levers, steps, before: money(spendBefore), saving: money(spendBefore - running), after: money(running) };
}
