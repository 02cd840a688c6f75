import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorRoutes } from './create-emulator-app.js';
import { isAuthorized } from './create-emulator-app.js';
import { type RunningEmulator, startEmulator } from './start-emulator.js';

const modelId = 'anthropic.claude-3-haiku-20240307-v1:0';
const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] });

// A route module as the batch control plane adds its own: it sees the engine, seed and clock.
const pingRoutes: EmulatorRoutes = (app, context) => {
  app.get('/ping', (c) => c.json({ models: context.engine.models.length, seed: context.seed, now: context.clock(), resolved: context.engine.resolveModel(`us.${modelId}`).model.id }));
};

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timeScale: 0, seed: 9, requireAuth: true, clock: () => 1234, extraRoutes: [pingRoutes] });
});
afterAll(async () => {
  await emulator.close();
});

describe('--require-auth', () => {
  it('rejects an unsigned request with AccessDeniedException', async () => {
    const response = await fetch(`${emulator.url}/model/${modelId}/converse`, { method: 'POST', body });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toMatch(/^AccessDeniedException:/);
    expect(((await response.json()) as { message: string }).message).toMatch(/--require-auth/);
  });

  it('accepts requests the SDK signs with any credentials, and bearer tokens', async () => {
    const client = new BedrockRuntimeClient({ endpoint: emulator.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    try {
      expect((await client.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'signed' }] }] }))).stopReason).toBe('end_turn');
    } finally {
      client.destroy();
    }
    const bearer = await fetch(`${emulator.url}/model/${modelId}/converse`, { method: 'POST', body, headers: { authorization: 'Bearer sim-key' } });
    expect(bearer.status).toBe(200);
  });

  it('checks the header shape only', () => {
    expect(isAuthorized('AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123')).toBe(true);
    expect(isAuthorized('AWS4-HMAC-SHA256 garbage')).toBe(false);
    expect(isAuthorized('Basic dXNlcjpwYXNz')).toBe(false);
    expect(isAuthorized(undefined)).toBe(false);
  });
});

describe('extra routes', () => {
  it('share the engine, seed, clock, request ids and the auth check', async () => {
    expect((await fetch(`${emulator.url}/ping`)).status).toBe(403);
    const response = await fetch(`${emulator.url}/ping`, { headers: { authorization: 'Bearer sim-key' } });
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await response.json()).toEqual({ models: emulator.models.length, seed: 9, now: 1234, resolved: modelId });
  });
});
