import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/index.js';
import { createTaskAttributor, readRoleName } from './attribute-task.js';

const config = parseConfigText(`
ingest:
  taskMetadataKeys: [task, use_case]
  rules:
    - task: ticket-classification
      team: support-ops
      systemPrompt: "classify (the )?support ticket"
    - task: kyc-review
      metadata: { app: "^kyc-" }
    - task: nightly-extraction
      caller: "assumed-role/doc-pipeline/"
      model: "claude-sonnet-4"
`).ingest;
const attribute = createTaskAttributor(config);
const none = { metadata: {}, callerArn: null, modelId: null, systemText: null };

describe('task attribution', () => {
  it('takes the task from requestMetadata first, in key order, with the team', () => {
    expect(attribute({ ...none, metadata: { use_case: 'chat', task: 'search', team: 'web' } })).toEqual({ task: 'search', taskSource: 'metadata', team: 'web' });
    expect(attribute({ ...none, metadata: { use_case: 'chat', task: '  ' }, systemText: 'Classify the support ticket.' })).toEqual({ task: 'chat', taskSource: 'metadata', team: null });
  });

  it('then applies user rules in order: system prompt, metadata, caller and model patterns', () => {
    expect(attribute({ ...none, systemText: 'You classify the support ticket into one queue.' })).toEqual({ task: 'ticket-classification', taskSource: 'rule', team: 'support-ops' });
    expect(attribute({ ...none, metadata: { app: 'kyc-web', team: 'risk' } })).toEqual({ task: 'kyc-review', taskSource: 'rule', team: 'risk' });
    const pipeline = { ...none, callerArn: 'arn:aws:sts::1:assumed-role/doc-pipeline/nightly' };
    expect(attribute({ ...pipeline, modelId: 'anthropic.claude-sonnet-4-20250514-v1:0' })).toMatchObject({ task: 'nightly-extraction', taskSource: 'rule' });
    // Every pattern of a rule must match: another model falls through to the role.
    expect(attribute({ ...pipeline, modelId: 'amazon.nova-lite-v1:0' })).toEqual({ task: 'doc-pipeline', taskSource: 'iam-role', team: null });
  });

  it('labels what nothing explains as unattributed, and can leave roles out', () => {
    expect(attribute({ ...none, callerArn: 'arn:aws:iam::1:user/alice' })).toEqual({ task: 'unattributed', taskSource: 'unattributed', team: null });
    const noRoles = createTaskAttributor({ ...config, taskFromRole: false });
    expect(noRoles({ ...none, callerArn: 'arn:aws:sts::1:assumed-role/chat/s' })).toMatchObject({ task: 'unattributed' });
  });

  it('reads role names from STS and IAM ARNs', () => {
    expect(readRoleName('arn:aws:sts::111122223333:assumed-role/app-role/session-1')).toBe('app-role');
    expect(readRoleName('arn:aws:iam::111122223333:role/service-role/claims-extractor')).toBe('claims-extractor');
    expect(readRoleName('arn:aws:iam::111122223333:user/bob')).toBeUndefined();
  });

  it('rejects a bad rule in frugal.yaml with the setting named', () => {
    expect(() => parseConfigText('ingest:\n  rules:\n    - task: x\n      systemPrompt: "(unclosed"\n')).toThrow(/ingest\.rules\.0\.systemPrompt: not a valid regular expression/);
    expect(() => parseConfigText('ingest:\n  rules:\n    - task: x\n')).toThrow(/a rule needs at least one of systemPrompt, metadata, caller, model/);
    expect(() => parseConfigText('ingest:\n  taskKeys: [a]\n')).toThrow(/ingest/);
  });
});
