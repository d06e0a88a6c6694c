// Makes the package `lmdb` unresolvable in this process, as it is where it was never installed:
// resolving it fails the way Node.js fails for a missing package.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === 'lmdb') {
    const error = new Error("Cannot find package 'lmdb' imported from " + context.parentURL);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}`)}`,
);
