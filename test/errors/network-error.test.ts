import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { IterableClient, IterableNetworkError } from '../../src/index.js';

describe('IterableNetworkError', () => {
  it('names the root cause, not only "fetch failed"', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const client = new IterableClient({ apiKey: 'k-123', baseUrl: `http://127.0.0.1:${port}`, retry: false });
    const error = await client.getFields().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IterableNetworkError);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect((error as Error).message).not.toMatch(/k-123/);
  });
});
