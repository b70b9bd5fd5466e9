/**
 * The default branch of an exhaustive switch over a tagged union: a missing case fails to compile,
 * and a value from outside the type (bad input that slipped past a cast) throws at run time.
 */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
