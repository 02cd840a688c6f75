import type { SeededRandom } from './create-sample-random.js';
import { chatFollowUps, chatOpeners, chatReplies, ticketSlots, ticketTemplates } from './sample-prompts.js';

export type SampleTask = 'ticket-classification' | 'document-extraction' | 'customer-chat';

interface PlannedCallBase {
  /** Epoch milliseconds. */
  time: number;
  task: SampleTask;
  /** IAM role the caller assumed. */
  role: string;
}
export interface ClassifyCall extends PlannedCallBase {
  task: 'ticket-classification';
  ticket: string;
  /** The triage service sets a cache point after the system prompt; the e-mail intake path does not. */
  cachePoint: boolean;
}
export interface ExtractCall extends PlannedCallBase {
  task: 'document-extraction';
  /** Seeds the statement's contents, rendered later. */
  documentSeed: number;
  transactions: number;
  /** Nightly job id for pipeline calls; undefined for daytime portal uploads. */
  job: string | undefined;
}
export interface ChatTurn {
  user: string;
  assistant: string;
}
export interface ChatCall extends PlannedCallBase {
  task: 'customer-chat';
  channel: 'web' | 'mobile';
  session: string;
  /** Turns so far, the last one being this call's (its assistant text is the reply). */
  turns: readonly ChatTurn[];
}
export type PlannedCall = ClassifyCall | ExtractCall | ChatCall;

// Hour-of-day weights in UTC for a US East Coast tenant (UTC-4 in summer).
const ticketHours = [2, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 7, 10, 14, 16, 16, 15, 15, 14, 13, 11, 8, 5, 3];
const chatHours = [7, 5, 3, 2, 1, 1, 1, 1, 1, 2, 3, 5, 8, 10, 11, 12, 12, 12, 12, 12, 12, 11, 10, 9];
const portalHours = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3, 2, 1, 0, 0, 0];
// Sunday = 0.
const ticketDays = [0.35, 1, 1.05, 1, 0.95, 0.9, 0.45];
const chatDays = [0.65, 1, 1, 1, 1, 0.95, 0.75];
const nightlyDays = [0.3, 1.2, 1, 1, 1, 1, 0.4];

const hour = 3_600_000;

function timeInHour(random: SeededRandom, dayStart: number, weights: readonly number[]): number {
  return dayStart + random.weighted(weights) * hour + Math.floor(random.next() * hour);
}

function fillTicket(random: SeededRandom): string {
  const date = `${random.int(1, 28)} ${random.pick(['June', 'July'])} 2026`;
  return random
    .pick(ticketTemplates)
    .replace('{amount}', `${random.int(12, 2400)}.${String(random.int(0, 99)).padStart(2, '0')}`)
    .replace('{merchant}', random.pick(ticketSlots.merchant))
    .replace('{date}', date)
    .replace('{last4}', String(random.int(1000, 9999)))
    .replace('{fee}', random.pick(ticketSlots.fee))
    .replace('{months}', String(random.int(3, 12)))
    .replace('{product}', random.pick(ticketSlots.product))
    .replace('{day}', String(random.int(1, 28)));
}

/**
 * One day of the sample tenant's traffic, as call plans in no particular order: ticket
 * classification through business hours, customer chat sessions of several turns from morning
 * to late evening, and document extraction, mostly as a nightly job (a batch candidate) plus a
 * few daytime uploads. `scale` multiplies every volume.
 */
export function planSampleDay(random: SeededRandom, dayStart: number, scale: number): PlannedCall[] {
  const weekday = new Date(dayStart).getUTCDay();
  const calls: PlannedCall[] = [];
  const volume = (base: number, factor: number): number => Math.round(base * factor * scale * random.around(1, 0.15, 0.8, 1.2));

  for (let index = volume(420, ticketDays[weekday] ?? 1); index > 0; index -= 1) {
    const viaEmail = random.chance(0.2);
    calls.push({ task: 'ticket-classification', time: timeInHour(random, dayStart, ticketHours), role: viaEmail ? 'email-intake' : 'support-triage', ticket: fillTicket(random), cachePoint: !viaEmail });
  }

  const dateTag = new Date(dayStart).toISOString().slice(0, 10).replaceAll('-', '');
  const nightly = volume(150, nightlyDays[weekday] ?? 1);
  let clock = dayStart + 6 * hour + random.int(0, 300_000);
  for (let index = 0; index < nightly; index += 1) {
    clock += random.int(8_000, 45_000);
    calls.push({ task: 'document-extraction', time: clock, role: 'doc-pipeline', documentSeed: random.int(1, 2 ** 31), transactions: random.int(12, 45), job: `nightly-${dateTag}` });
  }
  for (let index = volume(15, weekday === 0 || weekday === 6 ? 0.3 : 1); index > 0; index -= 1) {
    calls.push({ task: 'document-extraction', time: timeInHour(random, dayStart, portalHours), role: 'loan-portal', documentSeed: random.int(1, 2 ** 31), transactions: random.int(12, 45), job: undefined });
  }

  for (let index = volume(180, chatDays[weekday] ?? 1); index > 0; index -= 1) {
    const channel = random.chance(0.35) ? 'mobile' : 'web';
    const session = random.uuid();
    const turns: ChatTurn[] = [];
    let time = timeInHour(random, dayStart, chatHours);
    const count = random.weighted([0, 3, 4, 4, 3, 2, 1]) + 0;
    for (let turn = 0; turn < Math.max(1, count); turn += 1) {
      turns.push({ user: turn === 0 ? random.pick(chatOpeners) : random.pick(chatFollowUps), assistant: random.pick(chatReplies) });
      calls.push({ task: 'customer-chat', time, role: channel === 'web' ? 'chat-backend' : 'mobile-chat-backend', channel, session, turns: [...turns] });
      time += random.int(20_000, 110_000);
    }
  }
  return calls;
}
