import type { NormalizedSubsetsProfile } from '../profile/schema.js';

/** Text as the bytes it takes in a body. */
const bytesOf = (text: string): Uint8Array => Buffer.from(text, 'utf8');

const OPEN = /* @__PURE__ */ bytesOf('{"userId":"');
const RISK = /* @__PURE__ */ bytesOf('","subsetsSubscriberChurnRisk":"');
const CLOSE = /* @__PURE__ */ bytesOf('"}}');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Copies `bytes` into `body` at `at`; returns the offset after them. */
function put(body: Uint8Array, at: number, bytes: Uint8Array): number {
  body.set(bytes, at);
  return at + bytes.length;
}

/** Writes ASCII text that JSON does not escape; returns the offset after it. */
function writeAscii(body: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) body[at + i] = text.charCodeAt(i);
  return at + text.length;
}

/** Writes a printable-ASCII `userId` as JSON string content: a quote or a backslash gets a backslash. */
function writeUserId(body: Uint8Array, at: number, userId: string): number {
  let next = at;
  for (let i = 0; i < userId.length; i++) {
    const code = userId.charCodeAt(i);
    if (code === QUOTE || code === BACKSLASH) body[next++] = BACKSLASH;
    body[next++] = code;
  }
  return next;
}

/** The bytes {@link writeUserId} writes. */
function userIdBytes(userId: string): number {
  let bytes = userId.length;
  for (let i = 0; i < userId.length; i++) {
    const code = userId.charCodeAt(i);
    if (code === QUOTE || code === BACKSLASH) bytes += 1;
  }
  return bytes;
}

/**
 * Writes the bulkUpdate JSON of validated profiles straight into a request body: the UTF-8 bytes of
 * `JSON.stringify(normalizedToIterableUser(profile, createMissingUsers))`, with no string built per
 * user, and counts their size beforehand from lengths alone. It leans on what validation guarantees:
 * `userId` is printable ASCII, so only a quote or a backslash needs escaping, and `addedAt`,
 * `assignment` and `churnRisk` come out of normalisation as ASCII that JSON never escapes. Only the
 * experiment's id and name can hold any character: each is written once into a block of constant
 * bytes around it, reused while consecutive profiles share it, as the profiles of one experiment do.
 */
export class UserBytesWriter {
  /** What follows the userId: the flags, then `dataFields` up to its first field. */
  readonly #head: string;
  /** From the end of the userId to the opening quote of the churn risk, for a profile without experiment. */
  readonly #churnOnly: Uint8Array;
  #experimentId: string | undefined;
  #idBlock = OPEN;
  #experimentName: string | undefined;
  #nameBlock = OPEN;

  constructor(createMissingUsers: boolean) {
    this.#head = `"${createMissingUsers ? ',"preferUserId":true' : ''},"mergeNestedObjects":true,"dataFields":{`;
    this.#churnOnly = bytesOf(`${this.#head}"subsetsSubscriberChurnRisk":"`);
  }

  /** The size of the profile's JSON in UTF-8 bytes. */
  size(profile: NormalizedSubsetsProfile): number {
    const { experimentId, churnRisk } = profile;
    let bytes = OPEN.length + userIdBytes(profile.userId) + CLOSE.length + (churnRisk?.length ?? 0);
    if (experimentId === undefined) return bytes + this.#churnOnly.length;
    bytes += this.#blocks(experimentId, profile.experimentName as string);
    bytes += (profile.addedAt as string).length + (profile.assignment as string).length;
    return churnRisk === undefined ? bytes : bytes + RISK.length;
  }

  /** Writes the profile's JSON into `body` from `at`; returns the offset after it. */
  write(profile: NormalizedSubsetsProfile, body: Uint8Array, at: number): number {
    const { experimentId, churnRisk } = profile;
    let next = writeUserId(body, put(body, at, OPEN), profile.userId);
    if (experimentId === undefined) next = put(body, next, this.#churnOnly);
    else {
      this.#blocks(experimentId, profile.experimentName as string);
      next = writeAscii(body, put(body, next, this.#idBlock), profile.addedAt as string);
      next = writeAscii(body, put(body, next, this.#nameBlock), profile.assignment as string);
      if (churnRisk !== undefined) next = put(body, next, RISK);
    }
    if (churnRisk !== undefined) next = writeAscii(body, next, churnRisk);
    return put(body, next, CLOSE);
  }

  /**
   * Makes the experiment's blocks current: from the end of the userId to the opening quote of
   * `addedAt`, and from its closing quote to the opening quote of the assignment. Returns their size.
   */
  #blocks(experimentId: string, experimentName: string): number {
    if (this.#experimentId !== experimentId) {
      this.#experimentId = experimentId;
      this.#idBlock = bytesOf(
        `${this.#head}"subsetsExperimentId":${JSON.stringify(experimentId)},"subsetsExperimentAddedAt":"`,
      );
    }
    if (this.#experimentName !== experimentName) {
      this.#experimentName = experimentName;
      this.#nameBlock = bytesOf(
        `","subsetsExperimentName":${JSON.stringify(experimentName)},"subsetsExperimentAssignment":"`,
      );
    }
    return this.#idBlock.length + this.#nameBlock.length;
  }
}
