/** One request as the transport hands it to the HTTP layer: everything already built. */
export interface RawRequest {
  readonly method: 'GET' | 'POST';
  /** The full URL, query included. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON body already serialized, as text or UTF-8 bytes. */
  readonly body: string | Uint8Array<ArrayBuffer> | undefined;
  /** Aborts the request, its body included; the exchange then rejects. */
  readonly signal: AbortSignal;
}

/** An answer read to its end. */
export interface RawResponse {
  readonly status: number;
  /** The body as text (UTF-8, without a byte order mark). */
  readonly text: string;
  /** The answer's headers; built on demand, since only error answers read them. */
  headers(): Headers;
}

/**
 * Sends one request and reads its whole answer, never following a redirect. Rejects when the
 * request fails before the answer is read to its end, or when `signal` aborts (with any error: the
 * transport looks at the signals, not at the error, to tell an abort or a timeout).
 */
export type Exchange = (request: RawRequest) => Promise<RawResponse>;
