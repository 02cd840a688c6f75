import { z } from 'zod';
import type { BillingFormat, BillingRecord } from './read-billing-export.js';

/** One billing row, the same for CUR and FOCUS. */
export interface BillingLine {
  /** A usage charge (not tax, credit, refund, fee or purchase). */
  usage: boolean;
  chargeType: string;
  start: string;
  end: string;
  accountId: string | null;
  region: string | null;
  usageType: string | null;
  operation: string | null;
  resourceId: string | null;
  serviceName: string | null;
  /** Marketplace product / FOCUS service name, which names the model for Marketplace rows. */
  productName: string | null;
  quantity: number | null;
  unit: string | null;
  billedCost: number | null;
  callerArn: string | null;
  tags: Record<string, string>;
  /** A stable key for the line item: CUR's line item id and interval, else FOCUS identity columns. */
  identity: string;
  lineItemId: string | null;
}

export type ReadBillingLineResult = { ok: true; line: BillingLine } | { ok: false; message: string };

const decimal = z.string().trim().regex(/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/, 'not a number');
const curUsageTypes = new Set(['Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage']);

/** `2024-09-18 22:00:00`, `2024-09-18T22:00:00Z`, `...+00` → ISO-8601 UTC; exports without a zone are UTC. */
export function readBillingTime(text: string | null): string | undefined {
  if (text === null) return undefined;
  let value = text.trim().replace(' ', 'T');
  if (/[+-]\d{2}$/.test(value)) value = `${value}:00`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) value = `${value}T00:00:00`;
  if (!/(?:Z|[+-]\d{2}:\d{2})$/i.test(value)) value = `${value}Z`;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function readNumber(text: string | null, name: string, problems: string[]): number | null {
  if (text === null) return null;
  const parsed = decimal.safeParse(text);
  if (!parsed.success) {
    problems.push(`${name} "${text}" is not a number`);
    return null;
  }
  return Number(parsed.data);
}

function readJsonRecord(text: string | null): Record<string, string> {
  if (text === null || text.trim() === '') return {};
  try {
    const parsed = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).safeParse(JSON.parse(text));
    if (!parsed.success) return {};
    return Object.fromEntries(Object.entries(parsed.data).flatMap(([key, value]) => (value === null ? [] : [[key, String(value)]])));
  } catch {
    return {};
  }
}

/** Validates and normalises one CUR or FOCUS row; a row without readable times or amounts is refused. */
export function readBillingLine(record: BillingRecord, format: BillingFormat): ReadBillingLineResult {
  const problems: string[] = [];
  const get = (name: string): string | null => {
    const value = record[name];
    return value === undefined || value === null || value.trim() === '' ? null : value;
  };
  const cur = format === 'cur';
  const start = readBillingTime(get(cur ? 'line_item_usage_start_date' : 'charge_period_start'));
  const end = readBillingTime(get(cur ? 'line_item_usage_end_date' : 'charge_period_end')) ?? start;
  if (start === undefined || end === undefined) return { ok: false, message: `no readable ${cur ? 'line_item_usage_start_date' : 'ChargePeriodStart'}` };
  const chargeType = get(cur ? 'line_item_line_item_type' : 'charge_category') ?? 'Usage';
  const product = cur ? readJsonRecord(get('product')) : {};
  const consumed = get('consumed_quantity');
  const quantity = readNumber(cur ? get('line_item_usage_amount') : (consumed ?? get('pricing_quantity')), 'usage quantity', problems);
  const billedCost = readNumber(get(cur ? 'line_item_unblended_cost' : 'billed_cost'), 'billed cost', problems);
  if (problems.length > 0) return { ok: false, message: problems.join('; ') };
  const identityColumns = cur
    ? ['identity_line_item_id', 'identity_time_interval', 'line_item_usage_account_id', 'line_item_usage_type', 'line_item_operation', 'line_item_resource_id', 'line_item_line_item_type', 'line_item_usage_start_date']
    : ['charge_period_start', 'charge_period_end', 'sub_account_id', 'region_id', 'resource_id', 'sku_id', 'sku_price_id', 'x_usage_type', 'x_operation', 'charge_category', 'charge_class', 'pricing_category', 'commitment_discount_id', 'service_name', 'tags'];
  return {
    ok: true,
    line: {
      usage: cur ? curUsageTypes.has(chargeType) : chargeType === 'Usage',
      chargeType,
      start,
      end,
      accountId: get(cur ? 'line_item_usage_account_id' : 'sub_account_id'),
      region: cur ? (get('product_region_code') ?? get('product_region') ?? product.region ?? null) : get('region_id'),
      usageType: get(cur ? 'line_item_usage_type' : 'x_usage_type'),
      operation: get(cur ? 'line_item_operation' : 'x_operation'),
      resourceId: get(cur ? 'line_item_resource_id' : 'resource_id'),
      serviceName: cur ? (get('product_servicename') ?? product.servicename ?? null) : get('service_name'),
      productName: cur ? (get('product_product_name') ?? product.product_name ?? get('product_servicename') ?? product.servicename ?? null) : get('service_name'),
      quantity,
      // FOCUS: the unit that goes with the quantity read above.
      unit: cur || consumed === null ? get('pricing_unit') : get('consumed_unit'),
      billedCost,
      callerArn: cur ? get('line_item_iam_principal') : null,
      tags: readJsonRecord(get(cur ? 'resource_tags' : 'tags')),
      identity: identityColumns.map((name) => get(name) ?? '').join('|'),
      lineItemId: cur ? get('identity_line_item_id') : null,
    },
  };
}
