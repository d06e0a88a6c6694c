// TypeDoc plugin for the reference site (typedoc.json `plugin`).
//
// TypeScript 5.6 gave Iterable, AsyncIterable and their iterator types two more type parameters
// (TReturn, TNext), both defaulting to `any`. A declaration file leaves such defaults out, and so does
// an editor's hover, but TypeDoc spells them out when the type sits in a union, so that
// `Iterable<SubsetsProfile>` read as `Iterable<SubsetsProfile, any, any>`. This drops trailing `any`
// arguments of those four types, as the compiler does, so the site shows what the source says.
import { Converter, makeRecursiveVisitor } from 'typedoc';

const ITERABLES = new Set(['Iterable', 'AsyncIterable', 'IterableIterator', 'AsyncIterableIterator']);

/** @param {import('typedoc').SomeType | undefined} type */
const isAny = (type) => type?.type === 'intrinsic' && type.name === 'any';

const dropDefaultArguments = makeRecursiveVisitor({
  reference(type) {
    if (type.package !== 'typescript' || !ITERABLES.has(type.name) || !type.typeArguments) return;
    const args = type.typeArguments;
    while (args.length > 1 && isAny(args.at(-1))) args.pop();
  },
});

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    for (const reflection of Object.values(context.project.reflections)) {
      reflection.type?.visit(dropDefaultArguments);
      for (const parameter of reflection.typeParameters ?? []) {
        parameter.type?.visit(dropDefaultArguments);
        parameter.default?.visit(dropDefaultArguments);
      }
    }
  });
}
