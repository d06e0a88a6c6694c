import { describe, expect, it } from 'vitest';
import { SUBSETS_FIELDS } from '../../src/profile/fields.js';
import { clientOf, standIn, userIds, writesTo } from './stand-in.js';

const NAMES = SUBSETS_FIELDS.map((field) => field.name);
const ALL_STRING = Object.fromEntries(NAMES.map((name) => [name, 'string']));

describe('checkIntegration on a project that is set up', () => {
  it('passes every step and writes only to the test user', async () => {
    const iterable = await standIn({ fields: ALL_STRING });

    const report = await clientOf(iterable).checkIntegration({ testUserId: 'subsets-test' });

    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.name, s.status, s.ok])).toEqual([
      ['api-key', 'passed', true],
      ['region', 'passed', true],
      ['fields', 'passed', true],
      ['round-trip', 'passed', true],
    ]);
    expect(report.steps[0]?.message).toContain(`Iterable accepted the API key at ${iterable.url}`);
    const writes = writesTo(iterable);
    expect(writes).toHaveLength(1);
    expect(writes[0]?.body).toMatchObject({ userId: 'subsets-test', mergeNestedObjects: true });
    expect(Object.keys(writes[0]?.body.dataFields as object).sort()).toEqual([...NAMES].sort());
    expect(userIds(iterable)).toEqual(['subsets-test']);
  });

  it('passes right after ensureFields created the fields', async () => {
    const iterable = await standIn();
    const client = clientOf(iterable);
    await client.ensureFields({ setupUserId: 'subsets-setup' });

    const report = await client.checkIntegration({ testUserId: 'subsets-test' });

    expect(report.ok).toBe(true);
    expect(userIds(iterable).sort()).toEqual(['subsets-setup', 'subsets-test']);
  });

  it('writes new check values on every run', async () => {
    const iterable = await standIn({ fields: ALL_STRING });
    const client = clientOf(iterable);

    await client.checkIntegration({ testUserId: 'subsets-test' });
    await client.checkIntegration({ testUserId: 'subsets-test' });

    const ids = writesTo(iterable).map(
      (w) => (w.body.dataFields as Record<string, string>).subsetsExperimentId,
    );
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);
  });
});

describe('checkIntegration with a wrong key', () => {
  it('fails the key step, skips the rest, and writes nothing', async () => {
    const iterable = await standIn({ fields: ALL_STRING });

    const report = await clientOf(iterable, { apiKey: 'not-the-key' }).checkIntegration({
      testUserId: 'subsets-test',
    });

    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => [s.name, s.status])).toEqual([
      ['api-key', 'failed'],
      ['region', 'skipped'],
      ['fields', 'skipped'],
      ['round-trip', 'skipped'],
    ]);
    expect(report.steps[0]?.message).toMatch(/Iterable rejected the API key at .* \(HTTP 401/);
    expect(report.steps[1]?.message).toMatch(/custom baseUrl/);
    expect(report.steps[2]?.message).toBe('Skipped: fix the API key first.');
    expect(writesTo(iterable)).toEqual([]);
  });

  it('says the key is wrong when the other region rejects it too', async () => {
    const here = await standIn();
    const there = await standIn();

    const report = await clientOf(here, { apiKey: 'neither-key', region: 'us' }).checkIntegration({
      testUserId: 'subsets-test',
      otherRegionBaseUrl: there.url,
    });

    expect(report.steps[0]?.status).toBe('failed');
    expect(report.steps[0]?.message).toMatch(/rejected the API key at .* and at .*The key is wrong, revoked/);
    expect(report.steps[1]?.status).toBe('skipped');
    expect(writesTo(here)).toEqual([]);
    expect(writesTo(there)).toEqual([]);
  });
});

describe('checkIntegration with the key of the other region', () => {
  it("fails the region step and says which region to use, touching neither project's users", async () => {
    const us = await standIn({ fields: ALL_STRING });
    const eu = await standIn({ fields: ALL_STRING });

    const report = await clientOf(us, { apiKey: eu.apiKey, region: 'us' }).checkIntegration({
      testUserId: 'subsets-test',
      otherRegionBaseUrl: eu.url,
    });

    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => [s.name, s.status])).toEqual([
      ['api-key', 'passed'],
      ['region', 'failed'],
      ['fields', 'skipped'],
      ['round-trip', 'skipped'],
    ]);
    expect(report.steps[1]?.message).toMatch(/^Wrong region: the key belongs to Iterable's EU data center/);
    expect(report.steps[1]?.message).toContain("Use region 'eu'");
    expect(report.steps[2]?.message).toBe('Skipped: fix the region first.');
    expect(writesTo(us)).toEqual([]);
    expect(writesTo(eu)).toEqual([]);
  });

  it('names the host to use when neither host is a known region', async () => {
    const here = await standIn();
    const there = await standIn();

    const report = await clientOf(here, { apiKey: there.apiKey }).checkIntegration({
      testUserId: 'subsets-test',
      otherRegionBaseUrl: there.url,
    });

    expect(report.steps[1]?.message).toContain(`Set baseUrl to ${there.url}`);
  });
});

describe('checkIntegration on a project without the fields', () => {
  it('fails the fields step naming each missing field, points at ensureFields, and skips the round trip', async () => {
    const iterable = await standIn({ fields: { subsetsExperimentId: 'string' } });

    const report = await clientOf(iterable).checkIntegration({ testUserId: 'subsets-test' });

    expect(report.steps.map((s) => [s.name, s.status])).toEqual([
      ['api-key', 'passed'],
      ['region', 'passed'],
      ['fields', 'failed'],
      ['round-trip', 'skipped'],
    ]);
    const message = report.steps[2]?.message ?? '';
    for (const name of NAMES.slice(1)) expect(message).toContain(name);
    expect(message).not.toMatch(/missing: .*subsetsExperimentId/);
    expect(message).toContain('ensureFields');
    expect(message).toContain('subsets-iterable fields --ensure --setup-user-id');
    expect(writesTo(iterable)).toEqual([]);
  });

  it('reports a field with the wrong type and what can be done', async () => {
    const iterable = await standIn({ fields: { ...ALL_STRING, subsetsSubscriberChurnRisk: 'double' } });

    const report = await clientOf(iterable).checkIntegration({ testUserId: 'subsets-test' });

    expect(report.steps[2]?.status).toBe('failed');
    expect(report.steps[2]?.message).toContain(
      'wrong type: subsetsSubscriberChurnRisk is double, expected string',
    );
    expect(report.steps[2]?.message).toMatch(/cannot change or delete a field's type: ask Iterable support/);
    expect(report.steps[3]?.status).toBe('skipped');
    expect(writesTo(iterable)).toEqual([]);
  });
});

describe('checkIntegration options', () => {
  it('rejects an invalid testUserId with a TypeError naming it, before any request', async () => {
    const iterable = await standIn();

    await expect(clientOf(iterable).checkIntegration({ testUserId: '' })).rejects.toThrow(
      /testUserId .*must not be empty/,
    );
    expect(iterable.requests).toEqual([]);
  });

  it('rejects an otherRegionBaseUrl that would send the key in clear text', async () => {
    const iterable = await standIn();

    await expect(
      clientOf(iterable).checkIntegration({ testUserId: 't', otherRegionBaseUrl: 'http://example.com' }),
    ).rejects.toThrow(/^otherRegionBaseUrl must use https:/);
    expect(iterable.requests).toEqual([]);
  });
});
