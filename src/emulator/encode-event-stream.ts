import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

// The codec does the AWS event-stream framing (prelude, header encoding, both CRC32s).
const codec = new EventStreamCodec(toUtf8, fromUtf8);

const text = (value: string): MessageHeaders[string] => ({ type: 'string', value });

/** One `:message-type: event` frame with a JSON payload, as ConverseStream and InvokeModelWithResponseStream send them. */
export function encodeEventFrame(eventType: string, body: unknown): Uint8Array {
  return codec.encode({
    headers: { ':event-type': text(eventType), ':content-type': text('application/json'), ':message-type': text('event') },
    body: fromUtf8(JSON.stringify(body)),
  });
}

/**
 * A modelled exception inside a stream: the SDK throws it as the named exception class
 * mid-iteration. `:exception-type` is the stream union's member name (`modelStreamErrorException`),
 * not the shape name.
 */
export function encodeExceptionFrame(exceptionType: string, body: Record<string, unknown>): Uint8Array {
  const member = exceptionType.charAt(0).toLowerCase() + exceptionType.slice(1);
  return codec.encode({
    headers: { ':exception-type': text(member), ':content-type': text('application/json'), ':message-type': text('exception') },
    body: fromUtf8(JSON.stringify(body)),
  });
}

/** InvokeModelWithResponseStream wraps each native JSON chunk as `{"bytes": base64}` in a `chunk` event. */
export function encodeChunkFrame(chunk: unknown): Uint8Array {
  return encodeEventFrame('chunk', { bytes: Buffer.from(JSON.stringify(chunk), 'utf8').toString('base64') });
}
