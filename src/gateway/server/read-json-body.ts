import type { Context } from 'hono';
import type { z } from 'zod';
import { formatSchemaIssues } from '../../pricing/index.js';
import { GatewayHttpError } from '../errors/gateway-http-error.js';

/** The request body through a zod schema: malformed JSON and every invalid field are a 400 naming them. */
export async function readJsonBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  const text = await c.req.text();
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch {
    throw new GatewayHttpError('invalid_request', 'The request body is not valid JSON.');
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issues = formatSchemaIssues(result.error);
    throw new GatewayHttpError('invalid_request', `Invalid request: ${issues.join('; ')}`, { ...(result.error.issues[0] !== undefined && { param: result.error.issues[0].path.join('.') }) });
  }
  return result.data;
}

/** `x-frugal-task`, else `requestMetadata.frugal_task` or `.task`. */
export function readTask(c: Context, metadata: Readonly<Record<string, string>> | undefined): string | undefined {
  const header = c.req.header('x-frugal-task')?.trim();
  if (header !== undefined && header !== '') return header.slice(0, 128);
  return metadata?.['frugal_task'] ?? metadata?.['task'];
}

export function readConversationId(c: Context): string | undefined {
  const header = c.req.header('x-frugal-conversation')?.trim();
  return header === undefined || header === '' ? undefined : header.slice(0, 256);
}
