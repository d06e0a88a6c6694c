/** The longest record (line, CSV row or array element) read, in characters; a profile takes a few hundred. */
export const MAX_RECORD_CHARS = 1_000_000;

/** One record of the input: a profile to sync, or a record that could not be read as one. */
export type InputRecord =
  | {
      /** A value parsed from the input, handed to the sync, which validates it. */
      readonly kind: 'profile';
      readonly value: unknown;
      /** The line the record starts on, from 1. */
      readonly line: number;
    }
  | {
      /** A record that is not JSON, or a CSV row that cannot be parsed: an invalid profile. */
      readonly kind: 'unreadable';
      /** What is wrong with it. */
      readonly message: string;
      /** The line the record starts on, from 1. */
      readonly line: number;
    };

/** The input formats `sync` reads. */
export type InputFormat = 'ndjson' | 'csv' | 'json';

/** Every input format, in the order the help lists them. */
export const INPUT_FORMATS: readonly InputFormat[] = ['ndjson', 'csv', 'json'];

/**
 * How far reading has come, for progress and its estimate of the total: `position` is the number of
 * bytes (characters for a JSON array) up to the end of the last record handed out, `totalBytes` the
 * input's size when it is known (a file; not a pipe).
 */
export interface InputMeter {
  /** The input's size in bytes, when known. */
  readonly totalBytes: number | undefined;
  /** Bytes up to the end of the last record handed out. */
  position: number;
}

/**
 * A problem with the input as a whole, which ends the reading (for example a JSON input that is not
 * an array, a CSV header with an unknown column, or a read error). Profiles read before it were
 * synced.
 */
export class InputError extends Error {
  /** The line where the problem was found, when known. */
  readonly line: number | undefined;

  /**
   * @param message - What is wrong, for a person.
   * @param line - The line where it was found.
   */
  constructor(message: string, line?: number) {
    super(line === undefined ? message : `${message} (line ${line})`);
    this.name = 'InputError';
    this.line = line;
  }
}

/** A record that could not be read as a profile. */
export function unreadable(line: number, message: string): InputRecord {
  return { kind: 'unreadable', line, message };
}

/** `JSON.parse` of one record, or an unreadable record saying why it is not JSON. */
export function parseJsonRecord(text: string, line: number): InputRecord {
  try {
    return { kind: 'profile', value: JSON.parse(text), line };
  } catch (error) {
    return unreadable(line, `not valid JSON: ${(error as Error).message}`);
  }
}

/** The message of a record over {@link MAX_RECORD_CHARS}. */
export function oversizedMessage(what: string): string {
  return `${what} is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters; a profile takes a few hundred`;
}
