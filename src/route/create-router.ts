import { InvalidArgumentError } from '../core/index.js';
import { formatSchemaIssues } from '../pricing/index.js';
import type { ModelRequest } from '../providers/index.js';
import { type ClassifierScore, compileRouteClassifier, type FeatureContribution, type RouteClassifier } from './classifier/compile-route-classifier.js';
import type { RouteClassifierModel } from './classifier/route-classifier-schema.js';
import { createConversationPins, type PinStore } from './create-conversation-pins.js';
import { createThresholdCalibrator, type RouteTarget, type ThresholdCalibrator } from './create-threshold-calibrator.js';
import { extractRouteSignals, type RouteContext, type RouteSignals } from './extract-route-signals.js';
import { isPromptRouterArn, type RouteDecision, type TierEntry } from './route-decision.js';
import { type CompiledRule, compileRouteRules } from './rules/compile-route-rules.js';
import { type RouteRule, type RouteRuleInput, ruleSchema } from './rules/route-rules-schema.js';

export interface RouterConfig {
  /** The ladder, cheapest first. Defaults to the classifier's models. */
  tiers?: readonly (string | { model: string; name?: string })[];
  /** Tier when no rule matches and there is no classifier; the top tier by default. */
  defaultTier?: number;
  /** First match wins; validated here, so single values and left-out defaults are fine. */
  rules?: readonly RouteRuleInput[];
  classifier?: RouteClassifierModel;
  /** Ladder tier of each classifier tier, when the classifier's model ids are not on the ladder. */
  classifierTiers?: readonly number[];
  /** Business target the classifier threshold is calibrated to; the model file's default otherwise. */
  target?: RouteTarget;
  calibration?: { windowSize?: number; recalibrateEvery?: number; minSamples?: number };
  /** Keep a conversation on its first tier; `false` to route every turn afresh. */
  pinning?: false | { ttlMs?: number; maxConversations?: number; upgradeAfter?: number; store?: PinStore; now?: () => number };
}

export interface RouteExplanation {
  decision: RouteDecision;
  signals: Omit<RouteSignals, 'text' | 'system' | 'metadata'> & { textChars: number };
  /** Rules in order, up to and including the first match. */
  rulesTried: { name: string; matched: boolean }[];
  classifier?: { score: ClassifierScore; threshold: number; calibration: string; contributions: FeatureContribution[]; bias: number };
}

export interface Router {
  readonly tiers: readonly TierEntry[];
  route(request: ModelRequest, context?: RouteContext): RouteDecision;
  /** The same decision with its workings (rules tried, classifier features); does not record the score or pin. */
  explain(request: ModelRequest, context?: RouteContext, top?: number): RouteExplanation;
  /** The classifier's threshold now in force (undefined without a classifier). */
  threshold(): number | undefined;
}

function ladderOf(config: RouterConfig): TierEntry[] {
  const given = config.tiers ?? config.classifier?.tiers.map((entry) => entry.modelId);
  if (given === undefined || given.length === 0) throw new InvalidArgumentError('tiers', 'A router needs a ladder of models (`tiers`, cheapest first) or a trained classifier.');
  return given.map((entry, index) => {
    const modelId = typeof entry === 'string' ? entry : entry.model;
    return { tier: index + 1, modelId, ...(typeof entry !== 'string' && entry.name !== undefined && { name: entry.name }), promptRouter: isPromptRouterArn(modelId) };
  });
}

function classifierLadder(classifier: RouteClassifierModel, ladder: readonly TierEntry[], explicit: readonly number[] | undefined): number[] {
  if (explicit !== undefined) {
    if (explicit.length !== classifier.tiers.length || explicit.some((tier) => tier < 1 || tier > ladder.length)) {
      throw new InvalidArgumentError('classifierTiers', `classifierTiers needs ${classifier.tiers.length} ladder tiers between 1 and ${ladder.length}, got [${explicit.join(', ')}].`);
    }
    return [...explicit];
  }
  return classifier.tiers.map((entry) => {
    const found = ladder.find((rung) => rung.modelId.toLowerCase() === entry.modelId.toLowerCase());
    if (found === undefined) {
      throw new InvalidArgumentError(
        'classifier',
        `The classifier was trained for ${classifier.tiers.map((tier) => tier.modelId).join(' → ')}, but the ladder lists ${ladder.map((rung) => rung.modelId).join(', ')}. Add those models to the tiers, or map them with classifierTiers.`,
      );
    }
    return found.tier;
  });
}

/**
 * The router: rules first (first match wins), then the learned classifier against a threshold
 * calibrated to a business target, else the default tier; conversations stay on the tier of
 * their first decision unless a rule marked `overridePin` matches or (with `upgradeAfter`) the
 * classifier asks for a higher tier several turns in a row. Decisions make no network call.
 */
export function createRouter(config: RouterConfig): Router {
  const ladder = ladderOf(config);
  const top = ladder.length;
  const defaultTier = config.defaultTier ?? top;
  if (defaultTier < 1 || defaultTier > top) throw new InvalidArgumentError('defaultTier', `defaultTier ${defaultTier} is not on the ladder of ${top} tier(s).`);
  const rules = compileRouteRules(
    (config.rules ?? []).map((rule) => {
      const parsed = ruleSchema.safeParse(rule);
      if (!parsed.success) throw new InvalidArgumentError('rules', `Rule "${rule.name}": ${formatSchemaIssues(parsed.error).join('; ')}`);
      if (parsed.data.tier !== undefined && parsed.data.tier > top) throw new InvalidArgumentError('rules', `Rule "${rule.name}" sends to tier ${parsed.data.tier}, but the ladder has ${top}.`);
      if (parsed.data.use === 'classifier' && config.classifier === undefined) throw new InvalidArgumentError('rules', `Rule "${rule.name}" uses the classifier, but none was given.`);
      return parsed.data;
    }),
  );
  let classifier: RouteClassifier | undefined;
  let calibrator: ThresholdCalibrator | undefined;
  let mapTiers: number[] = [];
  if (config.classifier !== undefined) {
    classifier = compileRouteClassifier(config.classifier);
    mapTiers = classifierLadder(config.classifier, ladder, config.classifierTiers);
    calibrator = createThresholdCalibrator({
      target: config.target ?? { strongShare: config.classifier.calibration.targetStrongShare },
      referenceScores: config.classifier.calibration.referenceScores,
      ...config.calibration,
    });
  }
  const pinning = config.pinning === false ? undefined : (config.pinning ?? {});
  const pins = pinning === undefined ? undefined : (pinning.store ?? createConversationPins(pinning));
  const entry = (tier: number): TierEntry => ladder[tier - 1] as TierEntry;
  const decision = (tier: number, fields: Omit<RouteDecision, 'tier' | 'modelId' | 'promptRouter' | 'cascade'> & { cascade?: boolean }): RouteDecision => ({
    tier,
    modelId: entry(tier).modelId,
    promptRouter: entry(tier).promptRouter,
    cascade: false,
    ...fields,
  });

  // Rule and default decisions are the same object every time: built once, frozen, no garbage per request.
  const ruleDecisions = new Map<RouteRule, RouteDecision>();
  for (const compiled of rules.rules) {
    const { rule } = compiled;
    if (rule.tier !== undefined) ruleDecisions.set(rule, Object.freeze(decision(rule.tier, { policy: 'rules', reason: `rule "${rule.name}" matched → tier ${rule.tier}`, rule: rule.name, cascade: rule.cascade })));
  }
  const defaultDecision = Object.freeze(decision(defaultTier, { policy: 'default', reason: `no rule matched → default tier ${defaultTier}` }));

  const classify = (signals: RouteSignals, rule: RouteRule | undefined): { decision: RouteDecision; score: ClassifierScore } => {
    const c = classifier as RouteClassifier;
    const score = c.score(signals);
    const threshold = (calibrator as ThresholdCalibrator).threshold();
    const tier = mapTiers[c.pick(score, threshold)] as number;
    const comparison = tier === mapTiers[mapTiers.length - 1] ? `need ${score.need.toFixed(3)} ≥ threshold ${threshold.toFixed(3)}` : `need ${score.tierNeeds[mapTiers.indexOf(tier)]?.toFixed(3)} < threshold ${threshold.toFixed(3)}`;
    const via = rule === undefined ? 'classifier' : `rule "${rule.name}" → classifier`;
    return {
      decision: decision(tier, { policy: 'classifier', reason: `${via}: ${comparison} → tier ${tier}`, score: score.need, threshold, cascade: rule?.cascade ?? false, ...(rule !== undefined && { rule: rule.name }) }),
      score,
    };
  };

  const decide = (signals: RouteSignals, record: boolean): { decision: RouteDecision; matched: CompiledRule | undefined; score?: ClassifierScore } => {
    const matched = rules.match(signals);
    const rule = matched?.rule;
    if (rule !== undefined && rule.tier !== undefined) {
      return { decision: ruleDecisions.get(rule) as RouteDecision, matched };
    }
    // A rule that says `use: classifier`, or no rule at all: the classifier decides when there is one.
    if (classifier !== undefined) {
      const classified = classify(signals, rule);
      if (record) calibrator?.observe(classified.score.need);
      return { ...classified, matched };
    }
    return { decision: defaultDecision, matched };
  };

  const route = (request: ModelRequest, context: RouteContext = {}): RouteDecision => {
    const signals = extractRouteSignals(request, context);
    const conversation = context.conversationId;
    const pinned = conversation !== undefined && pins !== undefined ? pins.get(conversation) : undefined;
    const { decision: fresh, matched } = decide(signals, true);
    if (conversation === undefined || pins === undefined) return fresh;
    if (pinned === undefined || matched?.rule.overridePin === true) {
      pins.set(conversation, { tier: fresh.tier, upgradeVotes: 0 });
      return pinned === undefined ? fresh : { ...fresh, reason: `${fresh.reason} (overrides the conversation's pin to tier ${pinned.tier})` };
    }
    const upgradeAfter = pinning?.upgradeAfter;
    if (upgradeAfter !== undefined && fresh.policy === 'classifier' && fresh.tier > pinned.tier) {
      const votes = pinned.upgradeVotes + 1;
      if (votes >= upgradeAfter) {
        pins.set(conversation, { tier: fresh.tier, upgradeVotes: 0 });
        return { ...fresh, reason: `${fresh.reason}; the classifier asked for a higher tier ${votes} turns in a row, so conversation ${conversation} moves up from tier ${pinned.tier}` };
      }
      pins.set(conversation, { tier: pinned.tier, upgradeVotes: votes });
    } else if (pinned.upgradeVotes > 0) {
      pins.set(conversation, { tier: pinned.tier, upgradeVotes: 0 });
    } else {
      pins.set(conversation, pinned);
    }
    return decision(pinned.tier, {
      policy: 'pinned',
      reason: `conversation ${conversation} stays on tier ${pinned.tier}, the tier of its first decision (this turn alone: ${fresh.reason})`,
      ...(fresh.score !== undefined && { score: fresh.score }),
      ...(fresh.threshold !== undefined && { threshold: fresh.threshold }),
    });
  };

  return {
    tiers: ladder,
    route,
    threshold: () => calibrator?.threshold(),
    explain(request, context = {}, top = 8) {
      const signals = extractRouteSignals(request, context);
      const { decision: made, matched, score } = decide(signals, false);
      const pinned = context.conversationId !== undefined ? pins?.get(context.conversationId) : undefined;
      const final = pinned !== undefined && matched?.rule.overridePin !== true ? decision(pinned.tier, { policy: 'pinned', reason: `conversation ${context.conversationId as string} is pinned to tier ${pinned.tier} (this turn alone: ${made.reason})` }) : made;
      const rulesTried: RouteExplanation['rulesTried'] = [];
      for (const compiled of rules.rules) {
        const hit = compiled === matched;
        rulesTried.push({ name: compiled.rule.name, matched: hit });
        if (hit) break;
      }
      // Listed, not spread: the signals are a class whose output format is a prototype getter.
      const { inputChars, estimatedInputTokens, depth, toolsPresent, outputFormat, task } = signals;
      const explanation: RouteExplanation = { decision: final, signals: { inputChars, estimatedInputTokens, depth, toolsPresent, outputFormat, task, textChars: signals.text.length }, rulesTried };
      if (score !== undefined && classifier !== undefined && calibrator !== undefined) {
        explanation.classifier = { score, threshold: calibrator.threshold(), calibration: calibrator.describe(), ...classifier.explain(signals, top) };
      }
      return explanation;
    },
  };
}
