import { createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

export type RequestListener = (request: IncomingMessage | Http2ServerRequest, response: ServerResponse | Http2ServerResponse) => unknown;

export interface DualProtocolServer {
  address: AddressInfo;
  close(): Promise<void>;
}

const http2Preface = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/**
 * One port for both protocols. The AWS SDK's Bedrock Runtime client defaults to an HTTP/2
 * handler, which speaks cleartext HTTP/2 with prior knowledge to an `http://` endpoint, while the
 * AWS CLI, curl and fetch speak HTTP/1.1; Node 20 cannot serve both on one plain-text server. So
 * each connection's first bytes are read, compared with the HTTP/2 preface, put back, and the
 * socket is handed to the matching server.
 */
export function listenHttp1AndHttp2(listener: RequestListener, host: string, port: number): Promise<DualProtocolServer> {
  const http1 = createHttp1Server(listener as (request: IncomingMessage, response: ServerResponse) => void);
  const http2 = createHttp2Server({}, listener as (request: Http2ServerRequest, response: Http2ServerResponse) => void);
  const sockets = new Set<Socket>();

  const sniff = (socket: Socket): void => {
    let seen = Buffer.alloc(0);
    const onReadable = (): void => {
      let chunk: Buffer | null;
      while ((chunk = socket.read() as Buffer | null) !== null) seen = Buffer.concat([seen, chunk]);
      const compared = Math.min(seen.length, http2Preface.length);
      const looksHttp2 = seen.subarray(0, compared).equals(http2Preface.subarray(0, compared));
      if (seen.length === 0 || (looksHttp2 && compared < http2Preface.length)) return;
      socket.off('readable', onReadable);
      socket.unshift(seen);
      (looksHttp2 ? http2 : http1).emit('connection', socket);
    };
    socket.on('readable', onReadable);
  };

  const front = createTcpServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A client that resets the connection must not crash the emulator.
    socket.on('error', () => undefined);
    sniff(socket);
  });

  return new Promise((resolve, reject) => {
    front.once('error', reject);
    front.listen(port, host, () => {
      front.off('error', reject);
      resolve({
        address: front.address() as AddressInfo,
        close: () =>
          new Promise<void>((done) => {
            front.close(() => done());
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}
