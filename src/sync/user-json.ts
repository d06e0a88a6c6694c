import type { NormalizedSubsetsProfile } from '../profile/schema.js';

/** A string value's JSON text, and how many more UTF-8 bytes than characters that text takes. */
interface Quoted {
  readonly value: string;
  readonly json: string;
  readonly extraBytes: number;
}

function quote(value: string): Quoted {
  const json = JSON.stringify(value);
  return { value, json, extraBytes: Buffer.byteLength(json) - json.length };
}

/**
 * Writes the bulkUpdate JSON of validated profiles, the text
 * `JSON.stringify(normalizedToIterableUser(profile, createMissingUsers))` gives, together with its
 * UTF-8 size, on the sync's hot path. It leans on what validation guarantees: `userId` is printable
 * ASCII, and `addedAt`, `assignment` and `churnRisk` come out of normalisation as plain ASCII that
 * JSON never escapes. Only the experiment's id and name can hold any character; they are quoted
 * once and reused while consecutive profiles share them, as the profiles of one experiment do.
 */
export class UserJsonWriter {
  /** The JSON of the last profile written. */
  json = '';
  /** Its size in UTF-8 bytes. */
  bytes = 0;
  readonly #head: string;
  #experimentId: Quoted = quote('');
  #experimentName: Quoted = quote('');

  constructor(createMissingUsers: boolean) {
    this.#head = `${createMissingUsers ? ',"preferUserId":true' : ''},"mergeNestedObjects":true,"dataFields":{`;
  }

  /** Serializes one profile into {@link UserJsonWriter.json} and {@link UserJsonWriter.bytes}. */
  write(profile: NormalizedSubsetsProfile): void {
    const { userId, experimentId, churnRisk } = profile;
    // Printable ASCII: only a quote or a backslash needs escaping.
    const id = userId.includes('"') || userId.includes('\\') ? JSON.stringify(userId) : `"${userId}"`;
    let fields = '';
    let extraBytes = 0;
    if (experimentId !== undefined) {
      if (this.#experimentId.value !== experimentId) this.#experimentId = quote(experimentId);
      const name = profile.experimentName as string;
      if (this.#experimentName.value !== name) this.#experimentName = quote(name);
      extraBytes = this.#experimentId.extraBytes + this.#experimentName.extraBytes;
      fields =
        `"subsetsExperimentId":${this.#experimentId.json},` +
        `"subsetsExperimentAddedAt":"${profile.addedAt as string}",` +
        `"subsetsExperimentName":${this.#experimentName.json},` +
        `"subsetsExperimentAssignment":"${profile.assignment as string}"`;
    }
    if (churnRisk !== undefined) {
      fields += `${fields.length === 0 ? '' : ','}"subsetsSubscriberChurnRisk":"${churnRisk}"`;
    }
    const json = `{"userId":${id}${this.#head}${fields}}}`;
    this.json = json;
    this.bytes = json.length + extraBytes;
  }
}
