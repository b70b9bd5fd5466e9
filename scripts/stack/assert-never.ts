/** The default branch of an exhaustive switch: a missing case fails to compile, and at run time it throws. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
