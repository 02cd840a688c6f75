import type {
  ContentBlock as ConverseContentBlock,
  ConverseCommandInput,
  ImageBlock as ConverseImageBlock,
  SystemContentBlock,
  Tool,
  ToolChoice,
  ToolResultContentBlock,
  ToolUseBlock,
} from '@aws-sdk/client-bedrock-runtime';
import type { CachePointBlock, ContentBlock, ImageBlock, ModelRequest } from '../model-request.js';

/** Bedrock's JSON document type, named through a field so we need not import @smithy/types. */
type DocumentType = NonNullable<ToolUseBlock['input']>;

function toBytes(bytes: Uint8Array | string): Uint8Array {
  return typeof bytes === 'string' ? Uint8Array.from(Buffer.from(bytes, 'base64')) : bytes;
}

function convertCachePoint(block: CachePointBlock): { cachePoint: { type: 'default'; ttl?: '5m' | '1h' } } {
  return { cachePoint: { type: 'default', ...(block.cachePoint.ttl !== undefined && { ttl: block.cachePoint.ttl }) } };
}

function convertImage(block: ImageBlock): ConverseImageBlock {
  return { format: block.image.format, source: { bytes: toBytes(block.image.source.bytes) } };
}

function convertContentBlock(block: ContentBlock): ConverseContentBlock {
  if ('text' in block) return { text: block.text };
  if ('image' in block) return { image: convertImage(block) };
  if ('toolUse' in block) return { toolUse: { ...block.toolUse, input: block.toolUse.input as DocumentType } };
  if ('toolResult' in block) {
    const content = block.toolResult.content.map((item): ToolResultContentBlock => {
      if ('text' in item) return { text: item.text };
      if ('json' in item) return { json: item.json as DocumentType };
      return { image: convertImage(item) };
    });
    return { toolResult: { toolUseId: block.toolResult.toolUseId, content, ...(block.toolResult.status !== undefined && { status: block.toolResult.status }) } };
  }
  return convertCachePoint(block);
}

function convertToolChoice(choice: NonNullable<ModelRequest['toolChoice']>): ToolChoice {
  if (choice === 'auto') return { auto: {} };
  if (choice === 'any') return { any: {} };
  return { tool: { name: choice.tool } };
}

/** Our request to a Converse / ConverseStream input. The model is Converse's, so this is mostly a copy. */
export function prepareConverseInput(request: ModelRequest): ConverseCommandInput {
  const system = request.system?.map((block): SystemContentBlock => ('text' in block ? { text: block.text } : convertCachePoint(block)));
  const tools = request.tools?.map(
    (tool): Tool =>
      'toolSpec' in tool
        ? { toolSpec: { ...tool.toolSpec, inputSchema: { json: tool.toolSpec.inputSchema.json as DocumentType } } }
        : convertCachePoint(tool),
  );
  return {
    modelId: request.modelId,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content.map(convertContentBlock) })),
    ...(system !== undefined && { system }),
    ...(tools !== undefined && {
      toolConfig: { tools, ...(request.toolChoice !== undefined && { toolChoice: convertToolChoice(request.toolChoice) }) },
    }),
    ...(request.inferenceConfig !== undefined && { inferenceConfig: request.inferenceConfig }),
    ...(request.requestMetadata !== undefined && { requestMetadata: request.requestMetadata }),
    ...(request.serviceTier !== undefined && { serviceTier: { type: request.serviceTier } }),
    ...(request.performanceConfig !== undefined && { performanceConfig: request.performanceConfig }),
  };
}
