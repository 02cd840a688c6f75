/**
 * Which tier each conversation is on, so a multi-turn chat does not bounce between models (a
 * different model mid-conversation changes tone and loses cache hits). In memory, bounded, with an
 * idle TTL; the gateway can pass a shared store with the same interface.
 */
export interface PinStore {
  get(conversationId: string): PinnedTier | undefined;
  set(conversationId: string, pin: PinnedTier): void;
}

export interface PinnedTier {
  tier: number;
  /** Consecutive turns the classifier asked for a higher tier (for the upgrade hysteresis). */
  upgradeVotes: number;
}

export interface ConversationPinsOptions {
  ttlMs?: number;
  maxConversations?: number;
  now?: () => number;
}

export function createConversationPins(options: ConversationPinsOptions = {}): PinStore {
  const { ttlMs = 60 * 60 * 1000, maxConversations = 100_000, now = Date.now } = options;
  const pins = new Map<string, PinnedTier & { touched: number }>();
  return {
    get(conversationId) {
      const pin = pins.get(conversationId);
      if (pin === undefined) return undefined;
      if (now() - pin.touched > ttlMs) {
        pins.delete(conversationId);
        return undefined;
      }
      return { tier: pin.tier, upgradeVotes: pin.upgradeVotes };
    },
    set(conversationId, pin) {
      pins.delete(conversationId);
      pins.set(conversationId, { ...pin, touched: now() });
      // Maps iterate in insertion order, and every set re-inserts: the first key is the stalest.
      if (pins.size > maxConversations) pins.delete(pins.keys().next().value as string);
    },
  };
}
