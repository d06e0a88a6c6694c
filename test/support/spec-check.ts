import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Checks values against the definitions of Iterable's Swagger 2.0 document, in the part of it kept in
 * `test/fixtures/iterable-api-docs.json` (see the README beside it). It covers what those definitions use: `type`, `properties`,
 * `required`, `items`, `enum`, `$ref`, `additionalProperties` and integer formats.
 */

interface SchemaNode {
  readonly type?: string;
  readonly properties?: Record<string, SchemaNode>;
  readonly required?: readonly string[];
  readonly items?: SchemaNode;
  readonly enum?: readonly unknown[];
  readonly $ref?: string;
  readonly additionalProperties?: boolean | SchemaNode;
  readonly format?: string;
}

interface SwaggerDocument {
  readonly definitions: Record<string, SchemaNode>;
}

/** Where the spec lives: inside the repository, so that a clone alone passes its tests. */
export const SPEC_PATH = fileURLToPath(new URL('../fixtures/iterable-api-docs.json', import.meta.url));

let loaded: SwaggerDocument | undefined;

/** The parsed spec, read once per test file. */
export function loadSpec(): SwaggerDocument {
  loaded ??= JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as SwaggerDocument;
  return loaded;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function check(node: SchemaNode, value: unknown, at: string, problems: string[]): void {
  const spec = loadSpec();
  if (node.$ref !== undefined) {
    const name = node.$ref.replace('#/definitions/', '');
    const target = spec.definitions[name];
    if (target === undefined) {
      problems.push(`${at}: unknown definition ${name}`);
      return;
    }
    check(target, value, at, problems);
    return;
  }
  if (node.enum !== undefined && !node.enum.includes(value)) {
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${node.enum.join(', ')}`);
  }
  const actual = typeOf(value);
  switch (node.type) {
    case undefined:
      break;
    case 'integer':
      if (actual !== 'integer') problems.push(`${at}: expected integer, got ${actual}`);
      else if (node.format === 'int32' && Math.abs(value as number) > 2 ** 31) {
        problems.push(`${at}: ${value} does not fit int32`);
      }
      break;
    case 'number':
      if (actual !== 'integer' && actual !== 'number') problems.push(`${at}: expected number, got ${actual}`);
      break;
    default:
      if (actual !== node.type) problems.push(`${at}: expected ${node.type}, got ${actual}`);
  }
  if (actual === 'array' && node.items !== undefined) {
    (value as unknown[]).forEach((item, index) => {
      check(node.items as SchemaNode, item, `${at}[${index}]`, problems);
    });
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of node.required ?? []) {
      if (!(key in object)) problems.push(`${at}: missing required ${key}`);
    }
    for (const [key, item] of Object.entries(object)) {
      const property = node.properties?.[key];
      if (property !== undefined) check(property, item, `${at}.${key}`, problems);
      else if (node.additionalProperties === false) problems.push(`${at}: unexpected property ${key}`);
      else if (typeof node.additionalProperties === 'object') {
        check(node.additionalProperties, item, `${at}.${key}`, problems);
      }
    }
  }
}

/** Every way `value` breaks the spec's definition `definitionName`; empty when it conforms. */
export function validateAgainstSpec(definitionName: string, value: unknown): string[] {
  const problems: string[] = [];
  check({ $ref: `#/definitions/${definitionName}` }, value, definitionName, problems);
  return problems;
}

/**
 * Like {@link validateAgainstSpec}, but also refuses properties the definition does not list, so that a
 * misspelt key (`mergeNestedObject`) is caught even where the spec itself allows extra keys.
 */
export function validateStrictlyAgainstSpec(definitionName: string, value: unknown): string[] {
  const problems = validateAgainstSpec(definitionName, value);
  const spec = loadSpec();
  const walk = (node: SchemaNode, item: unknown, at: string): void => {
    const resolved =
      node.$ref === undefined ? node : spec.definitions[node.$ref.replace('#/definitions/', '')];
    if (resolved === undefined || typeOf(item) !== 'object' || resolved.properties === undefined) {
      if (resolved?.items !== undefined && Array.isArray(item)) {
        item.forEach((entry, index) => {
          walk(resolved.items as SchemaNode, entry, `${at}[${index}]`);
        });
      }
      return;
    }
    for (const [key, entry] of Object.entries(item as Record<string, unknown>)) {
      const property = resolved.properties[key];
      if (property === undefined) problems.push(`${at}: property ${key} is not in the spec`);
      else walk(property, entry, `${at}.${key}`);
    }
  };
  walk({ $ref: `#/definitions/${definitionName}` }, value, definitionName);
  return problems;
}
