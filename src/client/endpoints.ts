import type { z } from 'zod';
import {
  ApiResponseSchema,
  type BulkUpdateResult,
  BulkUpdateResultSchema,
  GetFieldsResponseSchema,
  UserResponseSchema,
} from './types.js';

/**
 * Which of the client's rate limiters a request waits on: `'requests'` is the client's `rateLimit`
 * (bulkUpdate, 5/s by default), `'fields'` Iterable's 3 requests/second for getFields, `'none'` no
 * limiter (endpoints whose limit is far above what a sync sends).
 */
export type LimiterChoice = 'requests' | 'fields' | 'none';

/** One Iterable endpoint the client calls: how to send to it, read its answer, and pace it. */
export interface Endpoint<T> {
  readonly method: 'GET' | 'POST';
  /** Path below the base URL, without a leading slash: `api/users/bulkUpdate`. */
  readonly path: string;
  /** Parses the 2xx body. */
  readonly schema: z.ZodType<T>;
  /** Answers with this status resolve to `undefined` instead of throwing (404 for reads). */
  readonly emptyStatus?: number;
  readonly limiter: LimiterChoice;
}

/**
 * Every endpoint the client calls, each declared once. Callers go through
 * `transport.request(ENDPOINTS.x, { body, searchParams, signal, onRetry })`, which takes the rate
 * limiter from the entry: the sync's bulkUpdate is
 * `transport.request(ENDPOINTS.bulkUpdate, { body, signal, onRetry })` and its field check
 * `transport.request(ENDPOINTS.getFields, { signal })`.
 */
export const ENDPOINTS = {
  /** `POST /api/users/bulkUpdate`: up to 1,000 users, held to the client's rate limit. */
  bulkUpdate: {
    method: 'POST',
    path: 'api/users/bulkUpdate',
    schema: BulkUpdateResultSchema,
    limiter: 'requests',
  } satisfies Endpoint<BulkUpdateResult>,
  /** `GET /api/users/getFields`: the project's user fields, held to 3 requests/second. */
  getFields: {
    method: 'GET',
    path: 'api/users/getFields',
    schema: GetFieldsResponseSchema,
    limiter: 'fields',
  } satisfies Endpoint<z.infer<typeof GetFieldsResponseSchema>>,
  /** `POST /api/users/update`: one user (500 requests/second in Iterable). */
  updateUser: {
    method: 'POST',
    path: 'api/users/update',
    schema: ApiResponseSchema,
    limiter: 'none',
  } satisfies Endpoint<z.infer<typeof ApiResponseSchema>>,
  /** `GET /api/users/byUserId?userId=…`: one user, `undefined` on 404. */
  getUser: {
    method: 'GET',
    path: 'api/users/byUserId',
    schema: UserResponseSchema,
    emptyStatus: 404,
    limiter: 'none',
  } satisfies Endpoint<z.infer<typeof UserResponseSchema>>,
} as const;
