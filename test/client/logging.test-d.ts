import { describe, expectTypeOf, it } from 'vitest';
import type { LogFields, Logger } from '../../src/client/logger.js';
import type { IterableClientOptions } from '../../src/client/options.js';

/** The shape of a winston logger's level methods: message, then any metadata; returns the logger. */
interface WinstonLike {
  debug(message: string, ...meta: unknown[]): WinstonLike;
  info(message: string, ...meta: unknown[]): WinstonLike;
  warn(message: string, ...meta: unknown[]): WinstonLike;
  error(message: string, ...meta: unknown[]): WinstonLike;
}

/** The shape of a pino logger's level methods: an object first, or a message and interpolation values. */
interface PinoLogFn {
  (object: object, message?: string, ...values: unknown[]): void;
  (message: string, ...values: unknown[]): void;
}
interface PinoLike {
  debug: PinoLogFn;
  info: PinoLogFn;
  warn: PinoLogFn;
  error: PinoLogFn;
}

describe('Logger', () => {
  it('passes a message and optional fields to each level', () => {
    expectTypeOf<Logger['warn']>().parameters.toEqualTypeOf<[message: string, fields?: LogFields]>();
    expectTypeOf<LogFields['attempt']>().toEqualTypeOf<string | number | boolean | undefined>();
    expectTypeOf<LogFields['event']>().toEqualTypeOf<string | undefined>();
  });

  it('accepts console, winston- and pino-shaped loggers, and loggers that take one string', () => {
    expectTypeOf<Console>().toExtend<Logger>();
    expectTypeOf<WinstonLike>().toExtend<Logger>();
    expectTypeOf<PinoLike>().toExtend<Logger>();
    expectTypeOf<{
      debug(message: string): void;
      info(message: string): void;
      warn(message: string): void;
      error(message: string): void;
    }>().toExtend<Logger>();
    expectTypeOf<{ logger: WinstonLike }>().toExtend<IterableClientOptions>();
  });

  it('refuses a logger that cannot take a string, and fields that are not plain values', () => {
    expectTypeOf<{
      debug(message: number): void;
      info(message: string): void;
      warn(message: string): void;
      error(message: string): void;
    }>().not.toExtend<Logger>();
    // @ts-expect-error: field values are strings, numbers or booleans
    const nested: LogFields = { event: 'retry', response: { status: 503 } };
    void nested;
  });
});
