import type { NormalizedSubsetsProfile } from '../profile/schema.js';

/** Text as the bytes it takes in a body: every constant here is ASCII. */
const bytesOf = (text: string): Uint8Array => Buffer.from(text, 'utf8');

const OPEN = /* @__PURE__ */ bytesOf('{"userId":"');
const CLOSE_VALUE = /* @__PURE__ */ bytesOf('"}}');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** A value written once as bytes, and the text it was written for. */
interface Block {
  readonly key: string;
  readonly bytes: Uint8Array;
}

/** What follows the experiment name: the assignment, then the churn risk or the end of the user. */
function assignmentBlocks(assignment: string): readonly [churn: Uint8Array, end: Uint8Array] {
  const head = `,"subsetsExperimentAssignment":"${assignment}`;
  return [bytesOf(`${head}","subsetsSubscriberChurnRisk":"`), bytesOf(`${head}"}}`)];
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

/** The bytes `userId` takes as JSON string content. */
function userIdBytes(userId: string): number {
  if (!userId.includes('"') && !userId.includes('\\')) return userId.length;
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
  readonly #churnOnly: Uint8Array;
  readonly #treatment = assignmentBlocks('treatment');
  readonly #control = assignmentBlocks('control');
  #experimentId: Block | undefined;
  #experimentName: Block | undefined;

  constructor(createMissingUsers: boolean) {
    this.#head = `"${createMissingUsers ? ',"preferUserId":true' : ''},"mergeNestedObjects":true,"dataFields":{`;
    this.#churnOnly = bytesOf(`${this.#head}"subsetsSubscriberChurnRisk":"`);
  }

  /** The size of the profile's JSON in UTF-8 bytes. */
  size(profile: NormalizedSubsetsProfile): number {
    const { userId, experimentId, churnRisk } = profile;
    let bytes = OPEN.length + userIdBytes(userId) + CLOSE_VALUE.length;
    if (experimentId === undefined) return bytes + this.#churnOnly.length + (churnRisk as string).length;
    bytes += this.#idBlock(experimentId).length + (profile.addedAt as string).length;
    bytes += this.#nameBlock(profile.experimentName as string).length;
    // The assignment block ends the user itself when there is no churn risk.
    const [withChurn, end] = this.#assignment(profile.assignment as string);
    return churnRisk === undefined
      ? bytes + end.length - CLOSE_VALUE.length
      : bytes + withChurn.length + churnRisk.length;
  }

  /** Writes the profile's JSON into `body` from `at`; returns the offset after it. */
  write(profile: NormalizedSubsetsProfile, body: Uint8Array, at: number): number {
    const { userId, experimentId, churnRisk } = profile;
    body.set(OPEN, at);
    let next = writeUserId(body, at + OPEN.length, userId);
    if (experimentId === undefined) {
      body.set(this.#churnOnly, next);
      next = writeAscii(body, next + this.#churnOnly.length, churnRisk as string);
    } else {
      next = put(body, next, this.#idBlock(experimentId));
      next = writeAscii(body, next, profile.addedAt as string);
      next = put(body, next, this.#nameBlock(profile.experimentName as string));
      const [withChurn, end] = this.#assignment(profile.assignment as string);
      if (churnRisk === undefined) return put(body, next, end);
      next = writeAscii(body, put(body, next, withChurn), churnRisk);
    }
    return put(body, next, CLOSE_VALUE);
  }

  /** From the end of the userId to the opening quote of `addedAt`. */
  #idBlock(experimentId: string): Uint8Array {
    let block = this.#experimentId;
    if (block?.key !== experimentId) {
      const text = `${this.#head}"subsetsExperimentId":${JSON.stringify(experimentId)},"subsetsExperimentAddedAt":"`;
      block = this.#experimentId = { key: experimentId, bytes: bytesOf(text) };
    }
    return block.bytes;
  }

  /** From the closing quote of `addedAt` to the end of the name. */
  #nameBlock(experimentName: string): Uint8Array {
    let block = this.#experimentName;
    if (block?.key !== experimentName) {
      const text = `","subsetsExperimentName":${JSON.stringify(experimentName)}`;
      block = this.#experimentName = { key: experimentName, bytes: bytesOf(text) };
    }
    return block.bytes;
  }

  #assignment(assignment: string): readonly [churn: Uint8Array, end: Uint8Array] {
    return assignment === 'treatment' ? this.#treatment : this.#control;
  }
}

/** Copies `bytes` into `body` at `at`; returns the offset after them. */
function put(body: Uint8Array, at: number, bytes: Uint8Array): number {
  body.set(bytes, at);
  return at + bytes.length;
}
