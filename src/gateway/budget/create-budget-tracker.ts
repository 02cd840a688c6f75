import type { GatewayBudget } from '../../config/index.js';

/** A budget holder: a virtual key or a team. */
export interface BudgetScope {
  kind: 'key' | 'team';
  name: string;
  budget: GatewayBudget;
}

export type BudgetPeriod = 'daily' | 'monthly';

export interface Reservation {
  readonly amountUsd: number;
  readonly entries: readonly { account: Account; day: string; month: string }[];
  settled: boolean;
}

export interface BudgetRefusal {
  scope: BudgetScope;
  period: BudgetPeriod;
  limitUsd: number;
  /** Spent and reserved in the period when the request arrived. */
  usedUsd: number;
}

export interface BudgetStanding {
  kind: BudgetScope['kind'];
  name: string;
  period: BudgetPeriod;
  limitUsd: number;
  spentUsd: number;
  reservedUsd: number;
  remainingUsd: number;
}

interface Account {
  day: string;
  month: string;
  spentDay: number;
  spentMonth: number;
  reservedDay: number;
  reservedMonth: number;
}

const dayOf = (time: number): string => new Date(time).toISOString().slice(0, 10);

export interface BudgetTracker {
  /**
   * Reserves `amountUsd` against every scope's daily and monthly budget, or refuses if any would
   * go over. Synchronous — no await between the check and the reservation — which is what makes
   * it atomic under any number of concurrent requests in this process.
   */
  reserve(scopes: readonly BudgetScope[], amountUsd: number): Reservation | BudgetRefusal;
  /** Replaces the reservation by what the call cost; null (cost unknown) keeps the reserved amount as spent. */
  settle(reservation: Reservation, actualUsd: number | null): void;
  /** Adds spend found elsewhere (the ledger at start-up). */
  record(kind: BudgetScope['kind'], name: string, amountUsd: number, at: number): void;
  standing(scopes: readonly BudgetScope[]): BudgetStanding[];
}

/**
 * Spend per key and team, per UTC day and month, in memory. Budgets are enforced per gateway
 * process; spend is seeded from the ledger at start-up, so a restart does not reset them.
 */
export function createBudgetTracker(now: () => number = Date.now): BudgetTracker {
  const accounts = new Map<string, Account>();

  const account = (kind: string, name: string, at: number): Account => {
    const id = `${kind}:${name}`;
    const day = dayOf(at);
    const month = day.slice(0, 7);
    let found = accounts.get(id);
    if (found === undefined) {
      found = { day, month, spentDay: 0, spentMonth: 0, reservedDay: 0, reservedMonth: 0 };
      accounts.set(id, found);
    }
    // A new period starts empty; reservations made in the old one settle against nothing.
    if (found.month !== month) Object.assign(found, { month, spentMonth: 0, reservedMonth: 0 });
    if (found.day !== day) Object.assign(found, { day, spentDay: 0, reservedDay: 0 });
    return found;
  };

  return {
    reserve(scopes, amountUsd) {
      const at = now();
      const opened = scopes.map((scope) => ({ scope, account: account(scope.kind, scope.name, at) }));
      for (const { scope, account: held } of opened) {
        const { dailyUsd, monthlyUsd } = scope.budget;
        const usedDay = held.spentDay + held.reservedDay;
        const usedMonth = held.spentMonth + held.reservedMonth;
        // A request is refused once the period is spent; one that starts under the limit may end a little over it.
        if (dailyUsd !== undefined && (usedDay >= dailyUsd || usedDay + amountUsd > dailyUsd)) return { scope, period: 'daily', limitUsd: dailyUsd, usedUsd: usedDay };
        if (monthlyUsd !== undefined && (usedMonth >= monthlyUsd || usedMonth + amountUsd > monthlyUsd)) return { scope, period: 'monthly', limitUsd: monthlyUsd, usedUsd: usedMonth };
      }
      for (const { account: held } of opened) {
        held.reservedDay += amountUsd;
        held.reservedMonth += amountUsd;
      }
      return { amountUsd, entries: opened.map(({ account: held }) => ({ account: held, day: held.day, month: held.month })), settled: false };
    },
    settle(reservation, actualUsd) {
      if (reservation.settled) return;
      reservation.settled = true;
      const spent = actualUsd ?? reservation.amountUsd;
      for (const { account: held, day, month } of reservation.entries) {
        if (held.day === day) {
          held.reservedDay = Math.max(0, held.reservedDay - reservation.amountUsd);
          held.spentDay += spent;
        }
        if (held.month === month) {
          held.reservedMonth = Math.max(0, held.reservedMonth - reservation.amountUsd);
          held.spentMonth += spent;
        }
      }
    },
    record(kind, name, amountUsd, at) {
      const held = account(kind, name, now());
      if (dayOf(at) === held.day) held.spentDay += amountUsd;
      if (dayOf(at).slice(0, 7) === held.month) held.spentMonth += amountUsd;
    },
    standing(scopes) {
      const at = now();
      return scopes.flatMap((scope) => {
        const held = account(scope.kind, scope.name, at);
        const rows: BudgetStanding[] = [];
        const add = (period: BudgetPeriod, limitUsd: number | undefined, spentUsd: number, reservedUsd: number): void => {
          if (limitUsd !== undefined) rows.push({ kind: scope.kind, name: scope.name, period, limitUsd, spentUsd, reservedUsd, remainingUsd: Math.max(0, limitUsd - spentUsd - reservedUsd) });
        };
        add('daily', scope.budget.dailyUsd, held.spentDay, held.reservedDay);
        add('monthly', scope.budget.monthlyUsd, held.spentMonth, held.reservedMonth);
        return rows;
      });
    },
  };
}

export function isBudgetRefusal(value: Reservation | BudgetRefusal): value is BudgetRefusal {
  return 'period' in value;
}
