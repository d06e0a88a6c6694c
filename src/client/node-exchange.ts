import type * as Http from 'node:http';
import type * as Https from 'node:https';
import type * as Zlib from 'node:zlib';
import type { Exchange, RawRequest, RawResponse } from './exchange.js';

/**
 * How long an idle keep-alive connection is kept, in milliseconds: below the 5 s after which
 * common servers close theirs, so that a request rarely goes out on a connection being closed.
 */
const IDLE_MS = 4000;

interface NodeHttp {
  readonly http: typeof Http;
  readonly https: typeof Https;
  readonly zlib: typeof Zlib;
  readonly httpAgent: Http.Agent;
  readonly httpsAgent: Https.Agent;
}

/**
 * An {@link Exchange} over `node:http` and `node:https` with keep-alive connection pools: the one
 * used on Node.js when the client is given no `fetch`. It reads each answer into one buffer and
 * decodes it once, where `fetch` streams it through a web `ReadableStream`; on a bulkUpdate that
 * saves a few microseconds per user. The modules load on the first request, so that a program that
 * never sends (or runs elsewhere) never loads them. Idle connections do not keep the process alive.
 */
export function nodeExchange(): Exchange {
  let loaded: Promise<NodeHttp> | undefined;
  const load = (): Promise<NodeHttp> => {
    loaded ??= Promise.all([import('node:http'), import('node:https'), import('node:zlib')]).then(
      // The modules' default exports are the objects a test library intercepting `http.request`
      // patches; their named exports are copies that such a patch does not reach.
      ([http, https, zlib]) => ({
        http: http.default,
        https: https.default,
        zlib: zlib.default,
        httpAgent: new http.default.Agent({ keepAlive: true, timeout: IDLE_MS }),
        httpsAgent: new https.default.Agent({ keepAlive: true, timeout: IDLE_MS }),
      }),
    );
    return loaded;
  };
  return async (request) => send(await load(), request);
}

function send(node: NodeHttp, { method, url, headers, body, signal }: RawRequest): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      reject(error);
    };
    const secure = url.startsWith('https:');
    const client = secure ? node.https : node.http;
    const request = client.request(
      url,
      {
        method,
        agent: secure ? node.httpsAgent : node.httpAgent,
        headers:
          body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('close', () => {
          if (!response.complete) fail(new Error('the connection closed before the answer was complete'));
        });
        response.on('end', () => {
          if (settled) return;
          let text: string;
          try {
            text = decode(node.zlib, Buffer.concat(chunks), response.headers['content-encoding']);
          } catch (error) {
            fail(error);
            return;
          }
          settled = true;
          signal.removeEventListener('abort', onAbort);
          const raw = response.rawHeaders;
          resolve({ status: response.statusCode ?? 0, text, headers: () => toHeaders(raw) });
        });
      },
    );
    const onAbort = (): void => {
      fail(signal.reason);
      request.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', fail);
    request.end(body);
  });
}

/** The body as text: decompressed when the server compressed it, without a byte order mark. */
function decode(zlib: typeof Zlib, bytes: Buffer, encoding: string | undefined): string {
  const coding = encoding?.trim().toLowerCase();
  let plain = bytes;
  if (coding === 'gzip' || coding === 'x-gzip') plain = zlib.gunzipSync(bytes);
  else if (coding === 'deflate') plain = zlib.inflateSync(bytes);
  else if (coding === 'br') plain = zlib.brotliDecompressSync(bytes);
  const text = plain.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `Headers` from Node.js's flat list of names and values. */
function toHeaders(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i] as string, raw[i + 1] as string);
    } catch {
      // A header `Headers` refuses is one no error message reads.
    }
  }
  return headers;
}
