import type { Exchange } from './exchange.js';

/**
 * An {@link Exchange} over a `fetch` function: the one used on Bun, Deno, and whenever the client
 * is given a `fetch`. It calls `fetch` itself rather than through a wrapper: a wrapper that builds a
 * `Request` and clones it tees every body, copying each bulkUpdate body of up to 4 MB once more.
 */
export function fetchExchange(fetchFn: typeof fetch): Exchange {
  return async ({ method, url, headers, body, signal }) => {
    const response = await fetchFn(url, {
      method,
      headers,
      redirect: 'manual',
      signal,
      ...(body === undefined ? {} : { body }),
    });
    const text = await readText(response, signal);
    return { status: response.status, text, headers: () => response.headers };
  };
}

/**
 * Reads a body as text, stopping as soon as `signal` aborts. The timeout and the caller's signal
 * must cover a body that arrives slowly whatever `fetch` does with the signal once headers are in.
 */
async function readText(response: Response, signal: AbortSignal): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  // Cancelling ends the pending read at once; a stream that already failed has nothing left to cancel.
  const cancel = () => void reader.cancel(signal.reason).catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  try {
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      if (signal.aborted) throw signal.reason;
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    if (signal.aborted) throw signal.reason;
    return text + decoder.decode();
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}
