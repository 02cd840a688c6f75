import type { UsageRow } from '../core/index.js';
import { convertRequestBody } from '../cache/index.js';
import type { BatchItem } from './batch-item.js';

/**
 * A batch item from a call's request body as its invocation log holds it (Converse, Anthropic,
 * Nova or prompt body): the exact request, any number of turns, tools included. Throws a
 * FrugalError when the body is none of those.
 */
export function convertLoggedRequestToItem(row: Pick<UsageRow, 'requestId' | 'rawModelId' | 'sourceFile' | 'sourceLine' | 'task'>, body: Record<string, unknown>): BatchItem {
  const { request } = convertRequestBody(body, row.rawModelId);
  return { id: row.requestId, request, source: `${row.sourceFile ?? 'log'}:${row.sourceLine ?? '?'}`, task: row.task };
}
