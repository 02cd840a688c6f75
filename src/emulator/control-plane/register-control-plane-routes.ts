import { randomUUID } from 'node:crypto';
import type { Context, Env, Hono } from 'hono';
import type { BatchJobService } from './batch-job-service.js';
import { createAwsErrorResponse, EmulatorApiError } from '../emulator-api-error.js';
import { toJobSummary } from './to-job-summary.js';

/**
 * Bedrock's batch control plane at the paths `@aws-sdk/client-bedrock` calls (restJson1):
 *   POST /model-invocation-job                       CreateModelInvocationJob
 *   GET  /model-invocation-job/{jobIdentifier}       GetModelInvocationJob (ARN or job id, URL-encoded)
 *   POST /model-invocation-job/{jobIdentifier}/stop  StopModelInvocationJob
 *   GET  /model-invocation-jobs                      ListModelInvocationJobs (query filters)
 */
export function registerControlPlaneRoutes<E extends Env>(app: Hono<E>, service: BatchJobService): void {
  app.post('/model-invocation-job', (context) =>
    respond(context, async () => {
      const job = await service.create(await readJson(context));
      return { jobArn: job.jobArn };
    }),
  );
  app.get('/model-invocation-job/:jobIdentifier', (context) =>
    respond(context, async () => toJobSummary(await service.get(context.req.param('jobIdentifier')))),
  );
  app.post('/model-invocation-job/:jobIdentifier/stop', (context) =>
    respond(context, async () => {
      await service.stop(context.req.param('jobIdentifier'));
      return {};
    }),
  );
  app.get('/model-invocation-jobs', (context) =>
    respond(context, async () => {
      const { jobs, nextToken } = await service.list(context.req.query());
      return { invocationJobSummaries: jobs.map(toJobSummary), ...(nextToken !== undefined && { nextToken }) };
    }),
  );
}

async function readJson<E extends Env>(context: Context<E>): Promise<unknown> {
  const text = await context.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new EmulatorApiError('ValidationException', 'The request body is not valid JSON.');
  }
}

async function respond<E extends Env>(context: Context<E>, run: () => Promise<Record<string, unknown>>): Promise<Response> {
  const requestId = randomUUID();
  try {
    return context.json(await run(), 200, { 'x-amzn-requestid': requestId });
  } catch (error) {
    return createAwsErrorResponse(error, requestId);
  }
}
