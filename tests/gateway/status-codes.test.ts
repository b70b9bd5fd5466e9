/** PostgREST's SQLSTATE → HTTP status table as the gateway applies it (PostgREST's Error.hs). */
import { describe, expect, it } from "vitest";
import { statusForSqlState } from "../../scripts/stack/gateway/errors.ts";

const cases: Array<[code: string, status: number, why: string]> = [
  ["23503", 409, "foreign key violation"],
  ["23505", 409, "unique violation"],
  ["P0001", 400, "a plain raise"],
  ["BK001", 400, "a custom code nobody listed"],
  ["22P02", 400, "bad input syntax"],
  ["42883", 404, "undefined function"],
  ["42P01", 404, "undefined table"],
  ["25006", 405, "a write in a read-only transaction"],
  ["08006", 503, "connection failure"],
  ["57014", 500, "statement timeout"],
  ["57P01", 503, "admin shutdown"],
  ["53300", 503, "too many connections"],
  ["53400", 500, "configuration limit exceeded"],
  ["54001", 500, "statement too complex"],
  ["XX000", 500, "internal error"],
  ["P0002", 500, "PL/pgSQL no_data_found"],
  ["PT418", 418, "a status chosen by the function"],
  ["28000", 403, "invalid authorization"],
];

describe("status by SQLSTATE", () => {
  it.each(cases)("%s answers %i (%s)", (code, status) => {
    expect(statusForSqlState(code, "", true)).toBe(status);
  });

  it("insufficient privilege is 401 for anon and 403 for any other role", () => {
    expect(statusForSqlState("42501", "permission denied for function f", false)).toBe(401);
    expect(statusForSqlState("42501", "permission denied for function f", true)).toBe(403);
  });

  it("a JWT role that does not exist is 401, other invalid parameter values 400", () => {
    expect(statusForSqlState("22023", 'role "ghost" does not exist', true)).toBe(401);
    expect(statusForSqlState("22023", "invalid value for parameter", true)).toBe(400);
  });
});
