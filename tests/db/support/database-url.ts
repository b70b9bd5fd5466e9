/** The database the tests run against, from the test runner's stack (scripts/test/). */
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run through `npm test` or `npx vitest run` (which starts a stack)");
  return url;
}
