import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { SUBSETS_FIELDS } from '../../src/index.js';

/** What one scripted bulkUpdate handler received. */
export interface ReceivedBulk {
  readonly users: Array<{ userId: string; dataFields: Record<string, string>; preferUserId?: boolean }>;
  readonly createNewFields?: boolean;
  readonly apiKey: string | null;
}

export const BASE = 'https://api.iterable.com';
export const KEY = 'test-key-0123456789';

/**
 * An msw server whose bulkUpdate answers come from `answer`, recording every body it received.
 * `answer` returns a Response, or undefined for a plain success.
 */
export function scriptedBulkServer(
  answer: (body: ReceivedBulk, call: number) => Response | undefined | Promise<Response | undefined> = () =>
    undefined,
) {
  const received: ReceivedBulk[] = [];
  const server = setupServer(
    http.get(`${BASE}/api/users/getFields`, () =>
      HttpResponse.json({
        fields: Object.fromEntries(SUBSETS_FIELDS.map((field) => [field.name, 'string'])),
      }),
    ),
    http.post(`${BASE}/api/users/bulkUpdate`, async ({ request }) => {
      const body = (await request.json()) as ReceivedBulk;
      const record = { ...body, apiKey: request.headers.get('api-key') };
      received.push(record);
      const response = await answer(record, received.length);
      return (
        response ??
        HttpResponse.json({
          successCount: body.users.length,
          failCount: 0,
          failedUpdates: {},
          createdFields: [],
        })
      );
    }),
  );
  return { server, received };
}
