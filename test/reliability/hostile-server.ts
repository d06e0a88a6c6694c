import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request a {@link HostileServer} received. */
export interface Received {
  readonly method: string;
  readonly url: string;
  /** The `Api-Key` header, if any. */
  readonly apiKey: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** How the server answers: anything a handler of `node:http` can do, the socket included. */
export type Answer = (request: IncomingMessage, response: ServerResponse, body: string) => void;

/** A loopback HTTP server of the test's own, answering whatever the test tells it to. */
export interface HostileServer {
  readonly url: string;
  readonly received: Received[];
  /** Sets how the next requests are answered. */
  answer(answer: Answer): void;
  close(): Promise<void>;
}

/** Starts a {@link HostileServer}; until told otherwise it answers 404. */
export async function startHostileServer(): Promise<HostileServer> {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  let current: Answer = (_request, response) => {
    response.writeHead(404).end();
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = request.headers['api-key'];
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        apiKey: Array.isArray(header) ? header.join(',') : header,
        headers: { ...request.headers },
        body,
      });
      current(request, response, body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer: (answer) => {
      current = answer;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** Sends JSON with a status. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): Answer {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(text);
  };
}

/** Writes `text` one small piece at a time, every `everyMs`, forever (until the client goes away). */
export function drip(pieces: () => string, everyMs: number): (response: ServerResponse | Socket) => void {
  return (target) => {
    const timer = setInterval(() => {
      if (target.destroyed) clearInterval(timer);
      else target.write(pieces());
    }, everyMs);
    target.once('close', () => clearInterval(timer));
  };
}
