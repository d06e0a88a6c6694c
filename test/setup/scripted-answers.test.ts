import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IterableClient } from '../../src/client/client.js';
import { REGION_BASE_URLS } from '../../src/client/options.js';
import { FieldSetupTimeoutError } from '../../src/errors/field-setup-timeout-error.js';
import { IterableError } from '../../src/errors/iterable-error.js';
import { SUBSETS_FIELDS } from '../../src/profile/fields.js';
import { type IterableHandlers, iterableHandlers } from '../../src/testing/index.js';

// The shipped msw handlers play Iterable; a handler placed before them scripts what the stand-in
// does not do on its own: fields slow to appear, a read-back that lags or differs.

const US = REGION_BASE_URLS.us;
const EU = REGION_BASE_URLS.eu;
const NAMES = SUBSETS_FIELDS.map((field) => field.name);
const ALL_STRING = Object.fromEntries(NAMES.map((name) => [name, 'string' as const]));

const server = setupServer();
const projects: IterableHandlers[] = [];
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  for (const project of projects.splice(0)) project.close();
  server.resetHandlers();
});
afterAll(() => server.close());

function project(options: Parameters<typeof iterableHandlers>[0] = {}): IterableHandlers {
  const handlers = iterableHandlers({ baseUrl: US, ...options });
  projects.push(handlers);
  return handlers;
}

function clientOf(iterable: IterableHandlers, options: { region?: 'us' | 'eu'; retry?: number } = {}) {
  return new IterableClient({ apiKey: iterable.apiKey, region: 'us', ...options });
}

/** Answers `getFields` without the fields created after now, for the first `reads` reads; counts every read. */
function hideNewFields(iterable: IterableHandlers, reads: number) {
  const seeded = new Set(iterable.fields.keys());
  const counter = { reads: 0 };
  const handler = http.get(`${iterable.baseUrl}/api/users/getFields`, () => {
    counter.reads += 1;
    if (counter.reads > reads) return undefined; // the stand-in answers
    return HttpResponse.json({
      fields: Object.fromEntries([...iterable.fields].filter(([n]) => seeded.has(n))),
    });
  });
  return { handler, counter };
}

/** Answers `byUserId` with 404 for the first `reads` reads; counts every read. */
function lagUsers(iterable: IterableHandlers, reads: number) {
  const counter = { reads: 0 };
  const handler = http.get(`${iterable.baseUrl}/api/users/byUserId`, () => {
    counter.reads += 1;
    if (counter.reads > reads) return undefined;
    return HttpResponse.json({ msg: 'User not found', code: 'NotFound', params: null }, { status: 404 });
  });
  return { handler, counter };
}

/** Answers `byUserId` with the stored user after `change` rewrote its fields. */
function alterUsers(iterable: IterableHandlers, change: Record<string, unknown>) {
  return http.get(`${iterable.baseUrl}/api/users/byUserId`, ({ request }) => {
    const userId = new URL(request.url).searchParams.get('userId') ?? '';
    const user = iterable.users.get(userId);
    return HttpResponse.json({ user: { ...user, dataFields: { ...user?.dataFields, ...change } } });
  });
}

describe('ensureFields when Iterable is slow to list new fields', () => {
  it('keeps reading getFields until the new fields are listed, then reports them created', async () => {
    const iterable = project();
    const slow = hideNewFields(iterable, 3);
    server.use(slow.handler, ...iterable);

    const report = await clientOf(iterable).ensureFields({ setupUserId: 'setup-user', pollIntervalMs: 10 });

    expect(report.fields.map((f) => f.status)).toEqual(NAMES.map(() => 'created'));
    expect(slow.counter.reads).toBe(4); // the first look, two reads without the fields, one with them
  });

  it('throws FieldSetupTimeoutError naming the fields that never appeared', async () => {
    const iterable = project();
    server.use(hideNewFields(iterable, Number.POSITIVE_INFINITY).handler, ...iterable);

    const started = performance.now();
    const error = await clientOf(iterable)
      .ensureFields({ setupUserId: 'setup-user', timeoutMs: 800, pollIntervalMs: 100 })
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;

    expect(error).toBeInstanceOf(FieldSetupTimeoutError);
    expect(error).toBeInstanceOf(IterableError);
    const timeout = error as FieldSetupTimeoutError;
    expect(timeout.pending).toEqual(NAMES);
    expect(timeout.timeoutMs).toBe(800);
    expect(timeout.retryable).toBe(true);
    expect(timeout.message).toContain('subsetsSubscriberChurnRisk');
    expect(timeout.message).toMatch(/run ensureFields again/);
    expect(elapsed).toBeGreaterThanOrEqual(750);
    expect(elapsed).toBeLessThan(3000);
    expect(iterable.requests.filter((r) => r.endpoint === 'update')).toHaveLength(1);
  });

  it('names only the fields still missing when some have appeared', async () => {
    const iterable = project({ fields: { subsetsExperimentId: 'string', subsetsExperimentName: 'string' } });
    server.use(hideNewFields(iterable, Number.POSITIVE_INFINITY).handler, ...iterable);

    const error = await clientOf(iterable)
      .ensureFields({ setupUserId: 'setup-user', timeoutMs: 0 })
      .catch((e: unknown) => e);

    expect((error as FieldSetupTimeoutError).pending).toEqual([
      'subsetsExperimentAddedAt',
      'subsetsSubscriberChurnRisk',
      'subsetsExperimentAssignment',
    ]);
  });

  it('stops waiting when the signal aborts, with the signal’s reason', async () => {
    const iterable = project();
    server.use(hideNewFields(iterable, Number.POSITIVE_INFINITY).handler, ...iterable);
    const controller = new AbortController();
    const reason = new Error('stop');
    setTimeout(() => controller.abort(reason), 300);

    await expect(
      clientOf(iterable).ensureFields({
        setupUserId: 'setup-user',
        pollIntervalMs: 50,
        signal: controller.signal,
      }),
    ).rejects.toBe(reason);
  });
});

describe('checkIntegration against scripted answers', () => {
  it('passes when the read-back lags behind the write for a few reads', async () => {
    const iterable = project({ fields: ALL_STRING });
    const lag = lagUsers(iterable, 3);
    server.use(lag.handler, ...iterable);

    const report = await clientOf(iterable).checkIntegration({ testUserId: 'test-user', pollIntervalMs: 10 });

    expect(report.ok).toBe(true);
    expect(lag.counter.reads).toBe(4);
  });

  it('reports each field that reads back different from what was written', async () => {
    const iterable = project({ fields: ALL_STRING });
    server.use(
      alterUsers(iterable, { subsetsSubscriberChurnRisk: '0.9', subsetsExperimentAssignment: 'x' }),
      ...iterable,
    );

    const report = await clientOf(iterable).checkIntegration({
      testUserId: 'test-user',
      readBackTimeoutMs: 200,
      pollIntervalMs: 50,
    });

    expect(report.ok).toBe(false);
    const roundTrip = report.steps[3];
    expect(roundTrip).toMatchObject({ name: 'round-trip', ok: false, status: 'failed' });
    expect(roundTrip?.message).toContain('subsetsSubscriberChurnRisk: wrote "0.5", read "0.9"');
    expect(roundTrip?.message).toContain('subsetsExperimentAssignment: wrote "control", read "x"');
    expect(roundTrip?.message).not.toContain('subsetsExperimentId:');
    expect(report.steps.slice(0, 3).every((step) => step.ok)).toBe(true);
  });

  it('reports a test user that never becomes readable, after a bounded wait', async () => {
    const iterable = project({ fields: ALL_STRING });
    server.use(lagUsers(iterable, Number.POSITIVE_INFINITY).handler, ...iterable);

    const report = await clientOf(iterable).checkIntegration({
      testUserId: 'test-user',
      readBackTimeoutMs: 300,
      pollIntervalMs: 50,
    });

    expect(report.steps[3]?.status).toBe('failed');
    expect(report.steps[3]?.message).toMatch(/user test-user was still not found after waiting 300 ms/);
  });

  it('rejects with the signal’s reason when aborted during the read-back, instead of reporting', async () => {
    const iterable = project({ fields: ALL_STRING });
    server.use(lagUsers(iterable, Number.POSITIVE_INFINITY).handler, ...iterable);
    const controller = new AbortController();
    const reason = new Error('stop');
    setTimeout(() => controller.abort(reason), 500);

    await expect(
      clientOf(iterable).checkIntegration({
        testUserId: 'test-user',
        pollIntervalMs: 20,
        signal: controller.signal,
      }),
    ).rejects.toBe(reason);
  });

  it("tries the EU host when the US host rejects the key, and says to use region 'eu'", async () => {
    const us = project({ baseUrl: US });
    const eu = project({ baseUrl: EU, fields: ALL_STRING });
    server.use(...us, ...eu);

    const report = await clientOf(eu, { region: 'us' }).checkIntegration({ testUserId: 'test-user' });

    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => [s.name, s.status])).toEqual([
      ['api-key', 'passed'],
      ['region', 'failed'],
      ['fields', 'skipped'],
      ['round-trip', 'skipped'],
    ]);
    expect(report.steps[1]?.message).toMatch(/Wrong region: the key belongs to Iterable's EU data center/);
    expect(report.steps[1]?.message).toContain("Use region 'eu'");
    expect(eu.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /api/users/getFields 200',
    ]);
    expect(us.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /api/users/getFields 401',
    ]);
  });

  it("tries the US host for an 'eu' client", async () => {
    const us = project({ baseUrl: US, fields: ALL_STRING });
    const eu = project({ baseUrl: EU });
    server.use(...us, ...eu);

    const report = await clientOf(us, { region: 'eu' }).checkIntegration({ testUserId: 'test-user' });

    expect(report.steps[1]?.message).toContain("Use region 'us'");
  });

  it('reports an unreachable Iterable as a failed key step, without throwing', async () => {
    const iterable = project();
    server.use(http.get(`${US}/api/users/getFields`, () => HttpResponse.error()));

    const report = await clientOf(iterable, { retry: 0 }).checkIntegration({ testUserId: 'test-user' });

    expect(report.steps.map((s) => s.status)).toEqual(['failed', 'skipped', 'skipped', 'skipped']);
    expect(report.steps[0]?.message).toMatch(
      /^Could not check the API key: GET \/api\/users\/getFields failed/,
    );
  });

  it('reports a failed write on the test user as a failed round trip', async () => {
    const iterable = project({ fields: ALL_STRING });
    server.use(
      http.post(`${US}/api/users/update`, () =>
        HttpResponse.json({ msg: 'Invalid userId', code: 'BadParams', params: null }, { status: 400 }),
      ),
      ...iterable,
    );

    const report = await clientOf(iterable).checkIntegration({ testUserId: 'test-user' });

    expect(report.steps[3]).toMatchObject({ name: 'round-trip', status: 'failed' });
    expect(report.steps[3]?.message).toMatch(/Writing the test values to user test-user failed: .*BadParams/);
  });
});
