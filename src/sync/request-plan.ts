/**
 * What one request of a batch carries: a batch, the fields known to be mistyped and a field that
 * must not be written in, the body to send and which users it leaves out or shortens out.
 */

import { bulkBody } from '../batch/serialize.js';
import { normalizedToIterableUser, profileDataFields } from '../profile/to-iterable-user.js';
import type { Batch, BatchEntry } from './batcher.js';

/** What a shortened body is written with: the sync's flags for the body and for each user. */
export interface BodyFlags {
  readonly createNewFields: boolean;
  readonly createMissingUsers: boolean;
}

/** A field that must not be sent for now, and why. */
export interface HeldField {
  readonly field: string;
  /** The error that stopped the check that would have cleared it. */
  readonly error: unknown;
}

/** One request's worth of a batch. */
export interface RequestPlan {
  /** The request body: the batch's own bytes, or a shortened body. */
  readonly body: Uint8Array<ArrayBuffer>;
  /** How many users the body carries. */
  readonly sentCount: number;
  /** Users left out of the body: held back, or with no field left to send. */
  readonly excluded: ReadonlySet<BatchEntry>;
  /** Users held back because they carry the held field. */
  readonly held: ReadonlySet<BatchEntry>;
  /** Users sent (or left out) without some of their fields, with the first such field. */
  readonly lost: ReadonlyMap<BatchEntry, string>;
  /** How many field values were left out in all. */
  readonly leftOut: number;
  /** The field held back, when there is one. */
  readonly hold: HeldField | undefined;
}

const NONE: ReadonlySet<BatchEntry> = new Set();
const NO_LOSS: ReadonlyMap<BatchEntry, string> = new Map();

/** The request for `batch` without the `dropped` fields and without the users carrying `hold`'s field. */
export function planRequest(
  batch: Batch,
  dropped: ReadonlyMap<string, string>,
  hold: HeldField | undefined,
  flags: BodyFlags,
): RequestPlan {
  const { entries, body } = batch;
  if (dropped.size === 0 && hold === undefined && body !== undefined) {
    return { body, sentCount: entries.length, excluded: NONE, held: NONE, lost: NO_LOSS, leftOut: 0, hold };
  }
  const json: string[] = [];
  const excluded = new Set<BatchEntry>();
  const held = new Set<BatchEntry>();
  const lost = new Map<BatchEntry, string>();
  let leftOut = 0;
  for (const entry of entries) {
    const fields = profileDataFields(entry.profile);
    if (hold !== undefined && hold.field in fields) {
      held.add(entry);
      excluded.add(entry);
      continue;
    }
    const kept: Record<string, string> = {};
    let keptCount = 0;
    for (const [name, value] of Object.entries(fields)) {
      if (!dropped.has(name)) {
        kept[name] = value;
        keptCount += 1;
        continue;
      }
      leftOut += 1;
      if (!lost.has(entry)) lost.set(entry, name);
    }
    if (keptCount === 0) {
      excluded.add(entry);
      continue;
    }
    json.push(
      JSON.stringify({
        ...normalizedToIterableUser(entry.profile, flags.createMissingUsers),
        dataFields: kept,
      }),
    );
  }
  return {
    body: bulkBody(json, flags.createNewFields),
    sentCount: json.length,
    excluded,
    held,
    lost,
    leftOut,
    hold,
  };
}
