/**
 * Writes the example data of the bench suites in this folder: support tickets (labels), invoices
 * (JSON fields) and customer messages with reference replies (judged). Every example is made up
 * here from templates and a seeded generator, so the files are ours to ship and byte-identical on
 * every run:
 *
 *   npx tsx examples/bench/generate-examples.ts          # rewrites the data files
 *
 * src/bench/example-suites.test.ts checks that the committed files equal this output.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSeededRandom as createRandom } from '../../src/core/index.js';


type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const between = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
const fill = (template: string, slots: Record<string, string>): string => template.replace(/\{(\w+)\}/g, (_, name: string) => slots[name] ?? `{${name}}`);

const firstNames = ['Ana', 'Ben', 'Chloe', 'Dev', 'Elif', 'Farah', 'Gus', 'Hana', 'Ivan', 'Jules', 'Kofi', 'Lena', 'Mateo', 'Nia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tomas', 'Uma', 'Vik', 'Wen', 'Yara', 'Zoe'];
const products = ['Aurora desk lamp', 'Pulse fitness band', 'Nimbus backup plan', 'Vega standing desk', 'Orbit headphones', 'Cobalt team workspace', 'Lumen smart bulb pack', 'Atlas travel backpack', 'Quill note app Pro', 'Tern e-bike battery'];
const carriers = ['UPS', 'DHL', 'FedEx', 'Royal Mail', 'PostNL', 'USPS'];

const ticketTemplates: Record<string, { subjects: string[]; bodies: string[] }> = {
  billing: {
    subjects: ['Charged twice this month', 'Invoice amount looks wrong', 'Question about my last bill', 'Unexpected charge on my card', 'VAT missing from invoice'],
    bodies: [
      'Hi, my card was charged {amount} twice on {date} for the {product}. Only one charge should be there. Can you check?',
      'The invoice for {month} shows {amount} but my plan is cheaper than that. Please explain the difference.',
      'I see a charge of {amount} from you on {date} that I do not recognise. What is it for?',
      'Our company invoice for the {product} has no VAT number on it, and accounting needs one. Can you reissue it?',
      'Why did the price of my {product} subscription go up to {amount}? Nobody told me about a change.',
    ],
  },
  technical: {
    subjects: ['App crashes on start', 'Cannot sync my device', 'Error 503 when saving', 'Firmware update failed', 'Login page keeps loading'],
    bodies: [
      'Since the update on {date} the {product} app crashes as soon as I open it. I already reinstalled it twice.',
      'My {product} will not sync any more. It shows "sync error 0x{code}" and then disconnects.',
      'Every time I save a document I get error 503 and lose my changes. This started {days} days ago.',
      'The firmware update for my {product} stopped at {percent}% and now the light just blinks red.',
      'The login page spins forever in Chrome and Firefox. I cleared the cache; nothing changed.',
    ],
  },
  account: {
    subjects: ['Change the email on my account', 'Locked out after password reset', 'Please delete my account', 'Add a second admin', 'Two-factor code never arrives'],
    bodies: [
      'I changed jobs and need to move my account from my old work email to {name}@example.com. How do I do that?',
      'I reset my password on {date} and now the account says it is locked. I am the owner of the {product} workspace.',
      'Please close my account and delete my personal data. I no longer use the {product}.',
      'We need a second administrator on our {product} account for when I am away. How do I add {name}?',
      'The two-factor code SMS never arrives on my new phone, so I cannot sign in at all.',
    ],
  },
  shipping: {
    subjects: ['Where is my order?', 'Tracking has not moved', 'Parcel delivered to the wrong address', 'Order arrived damaged in transit', 'Change delivery address'],
    bodies: [
      'Order {order} was supposed to arrive on {date} and the {carrier} tracking still says "label created".',
      'My {product} has been "in transit" with {carrier} for {days} days with no update. Is it lost?',
      'The tracking for order {order} says delivered, but it went to a different street. Nobody here has it.',
      'The box with my {product} was crushed when {carrier} delivered it; the outer packaging is torn. What now?',
      'Can I still change the delivery address for order {order}? I am moving on {date}.',
    ],
  },
  returns: {
    subjects: ['I want to return an item', 'Refund not received yet', 'Wrong item in the box', 'Exchange for a different size', 'Return label does not work'],
    bodies: [
      'I would like to return the {product} from order {order}. It does not suit me. How do I send it back?',
      'I returned the {product} on {date} and still have not received the refund of {amount}.',
      'I ordered the {product} but the box contained something else entirely. I want the right item or my money back.',
      'Can I exchange the {product} I bought for a larger size instead of getting a refund?',
      'The return label you emailed for order {order} is rejected by {carrier}. Can you send a new one?',
    ],
  },
  'feature-request': {
    subjects: ['Feature idea: dark mode', 'Please add CSV export', 'Suggestion for the mobile app', 'Would love an API', 'Calendar integration request'],
    bodies: [
      'It would be great if the {product} app had a dark mode. My eyes hurt in the evening.',
      'Please add a CSV export of reports to the {product}; we copy numbers by hand every week.',
      'Suggestion: let us reorder the widgets on the home screen of the {product} app.',
      'Do you plan to offer a public API for the {product}? We want to connect it to our own tools.',
      'Could the {product} sync with Google Calendar and Outlook? That would save our team a lot of time.',
    ],
  },
};
export const ticketLabels = Object.keys(ticketTemplates);

function slotsFor(random: Random): Record<string, string> {
  const month = pick(random, ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']);
  return {
    amount: `$${between(random, 5, 480)}.${String(between(random, 0, 99)).padStart(2, '0')}`,
    date: `${month} ${between(random, 1, 28)}`,
    month,
    product: pick(random, products),
    code: between(random, 4096, 65535).toString(16).toUpperCase(),
    days: String(between(random, 3, 21)),
    percent: String(between(random, 12, 97)),
    name: pick(random, firstNames).toLowerCase(),
    order: `#${between(random, 100000, 999999)}`,
    carrier: pick(random, carriers),
  };
}

function generateTickets(count: number): string {
  const random = createRandom(20240501);
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const label = ticketLabels[index % ticketLabels.length] as string;
    const templates = ticketTemplates[label] as { subjects: string[]; bodies: string[] };
    const slots = slotsFor(random);
    const customer = pick(random, firstNames);
    const body = `${fill(pick(random, templates.bodies), slots)}${random() < 0.4 ? ` Thanks, ${customer}` : ''}`;
    lines.push(JSON.stringify({ id: `t${String(index + 1).padStart(4, '0')}`, subject: fill(pick(random, templates.subjects), slots), body, expected: label }));
  }
  return `${lines.join('\n')}\n`;
}

const vendors = ['Northwind Traders Ltd', 'Contoso Office Supply', 'Fabrikam Parts GmbH', 'Tailspin Logistics', 'Adventure Works Cycles', 'Litware Consulting BV', 'Proseware Inc', 'Wingtip Catering', 'Alpine Ski House AG', 'Coho Vineyard SARL'];
const currencies = [
  { code: 'USD', symbol: '$', european: false },
  { code: 'EUR', symbol: '€', european: true },
  { code: 'GBP', symbol: '£', european: false },
  { code: 'CHF', symbol: 'CHF ', european: true },
];
const items = ['Consulting hours', 'Printer toner', 'Bike helmets', 'Freight to Rotterdam', 'Conference catering', 'Office chairs', 'Software licence', 'Spare brake pads', 'Wine tasting event', 'Ski rental'];
const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function formatAmount(cents: number, european: boolean): string {
  const whole = Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, european ? '.' : ',');
  return `${whole}${european ? ',' : '.'}${String(cents % 100).padStart(2, '0')}`;
}

function generateInvoices(count: number): string {
  const random = createRandom(20240502);
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const vendor = pick(random, vendors);
    const currency = pick(random, currencies);
    const year = between(random, 2023, 2025);
    const month = between(random, 1, 12);
    const day = between(random, 1, 28);
    const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const due = new Date(Date.UTC(year, month - 1, day + pick(random, [14, 30, 45])));
    const dueIso = due.toISOString().slice(0, 10);
    const number = `${pick(random, ['INV', 'FA', 'RE', 'BILL'])}-${year}-${String(between(random, 1, 9999)).padStart(4, '0')}`;
    const lineItems = Array.from({ length: between(random, 1, 4) }, () => ({ name: pick(random, items), quantity: between(random, 1, 12), cents: between(random, 450, 48000) }));
    const net = lineItems.reduce((sum, item) => sum + item.quantity * item.cents, 0);
    const taxRate = pick(random, [0, 7, 19, 20, 21]);
    const tax = Math.round((net * taxRate) / 100);
    const total = net + tax;
    const dateText = pick(random, [iso, `${day} ${monthNames[month - 1]} ${year}`, `${monthNames[month - 1]} ${day}, ${year}`, `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`]);
    const money = (cents: number): string => `${currency.symbol}${formatAmount(cents, currency.european)}`;
    const document = [
      vendor.toUpperCase(),
      `${pick(random, ['Invoice', 'INVOICE', 'Tax invoice'])} no. ${number}`,
      `Date: ${dateText}`,
      `Payment due: ${dueIso}`,
      `Bill to: ${pick(random, firstNames)} ${pick(random, ['Ltd', 'and Co', 'Studio', 'Labs'])}`,
      ...lineItems.map((item) => `${item.quantity} x ${item.name} @ ${money(item.cents)} = ${money(item.quantity * item.cents)}`),
      `Subtotal: ${money(net)}`,
      `Tax ${taxRate}%: ${money(tax)}`,
      `TOTAL DUE (${currency.code}): ${money(total)}`,
    ].join('\n');
    const expected = { invoice_number: number, vendor, issue_date: iso, due_date: dueIso, currency: currency.code, total: total / 100 };
    lines.push(JSON.stringify({ id: `inv${String(index + 1).padStart(4, '0')}`, vars: { document }, expected }));
  }
  return `${lines.join('\n')}\n`;
}

const replyCases = [
  { message: 'My {product} arrived broken and I need it for a trip on {date}.', reply: 'I am sorry your {product} arrived broken. I have sent a free replacement by express delivery so it reaches you before {date}; no need to return the damaged one.' },
  { message: 'You charged me {amount} after I cancelled. This is the second time!', reply: 'I apologise for the charge of {amount} after you cancelled. I have refunded it in full today; it should appear on your statement within 5 business days.' },
  { message: 'How do I export my data from the {product} before my plan ends?', reply: 'You can export everything from Settings, then Data, then Export all. The download link stays valid for 7 days, and your data is kept 30 days after the plan ends.' },
  { message: 'The {product} keeps disconnecting from wifi every few minutes.', reply: 'Thanks for reporting this. Please update the {product} to the latest firmware in the app under Device, then Update; that release fixes the wifi drop you describe.' },
  { message: 'Can I get an invoice in the name of my company for order {order}?', reply: 'Of course. I have reissued the invoice for order {order} in your company name; you will find it in your account under Orders, and a copy is on its way by email.' },
  { message: 'Your courier left my parcel in the rain and the {product} is soaked.', reply: 'I am sorry your parcel was left in the rain. I have arranged a replacement {product} and a prepaid label to return the wet one at no cost to you.' },
  { message: 'Is there a student discount for the {product}?', reply: 'Yes, students get 30 percent off the {product}. Sign in with your university email address and the discount is applied automatically at checkout.' },
  { message: 'I was promised a call back yesterday and nobody called.', reply: 'I apologise that we missed the call we promised. A specialist will call you today before 5 pm, and I have noted your case so you will not have to explain it again.' },
];

function generateReplies(count: number): string {
  const random = createRandom(20240503);
  const quote = (text: string): string => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = ['id,customer_name,customer_message,reference'];
  for (let index = 0; index < count; index += 1) {
    const slots = slotsFor(random);
    const item = replyCases[index % replyCases.length] as { message: string; reply: string };
    const name = pick(random, firstNames);
    lines.push([`r${String(index + 1).padStart(4, '0')}`, name, fill(item.message, slots), `Hi ${name}, ${fill(item.reply, slots)}`].map(quote).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Relative path (to this folder) → file content. */
export function generateBenchExamples(): Record<string, string> {
  return {
    'support-tickets/tickets.jsonl': generateTickets(400),
    'invoice-extraction/invoices.jsonl': generateInvoices(250),
    'customer-replies/messages.csv': generateReplies(240),
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const here = new URL('.', import.meta.url);
  for (const [path, content] of Object.entries(generateBenchExamples())) {
    writeFileSync(new URL(path, here), content);
    console.log(`wrote examples/bench/${path}`);
  }
}
