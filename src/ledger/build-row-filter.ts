import { InvalidArgumentError } from '../core/index.js';
import type { RowFilter } from './ledger.js';
import type { SqlDialect, SqlValue } from './sql-dialect.js';

export interface SqlWhere {
  /** `WHERE ...` or the empty string. */
  sql: string;
  params: SqlValue[];
}

const listFilters: readonly [keyof RowFilter, string][] = [
  ['sources', 'source'],
  ['providers', 'provider'],
  ['modelIds', 'model_id'],
  ['modelFamilies', 'model_family'],
  ['tasks', 'task'],
  ['teams', 'team'],
  ['accountIds', 'account_id'],
  ['regions', 'region'],
  ['modes', 'mode'],
  ['operations', 'operation'],
  ['callerArns', 'caller_arn'],
  ['requestIds', 'request_id'],
];

function checkTime(name: string, value: string): string {
  if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(name, `${name} must be an ISO-8601 date or time, got "${value}".`);
  return new Date(value).toISOString();
}

/**
 * A filter as a parameterised WHERE clause. Values only ever travel as parameters; column names
 * come from the fixed list above, never from the caller.
 */
export function buildRowFilter(filter: RowFilter, dialect: SqlDialect, firstParam = 1): SqlWhere {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  const next = (value: SqlValue): string => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  if (filter.since !== undefined) clauses.push(`usage_start >= ${dialect.timestampParam(next(checkTime('since', filter.since)))}`);
  if (filter.until !== undefined) clauses.push(`usage_start < ${dialect.timestampParam(next(checkTime('until', filter.until)))}`);
  for (const [key, columnName] of listFilters) {
    const values = filter[key] as readonly string[] | undefined;
    if (values === undefined) continue;
    // An empty list matches nothing, as "any of these none" should.
    if (values.length === 0) clauses.push('FALSE');
    else clauses.push(`${columnName} IN (${values.map((value) => next(value)).join(', ')})`);
  }
  return { sql: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params };
}
