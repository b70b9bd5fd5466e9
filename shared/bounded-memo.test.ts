/** The bounded memo the function's clocks, date orders and signing keys are kept in. */
import { describe, expect, it } from "vitest";
import { BoundedMemo } from "./bounded-memo.ts";

describe("BoundedMemo", () => {
  it("computes an answer once per key and hands the same one back", () => {
    const computed: string[] = [];
    const memo = new BoundedMemo(10, (key: string) => (computed.push(key), { key }));
    const first = memo.get("a");
    expect(memo.get("a")).toBe(first);
    memo.get("b");
    expect(computed).toEqual(["a", "b"]);
  });

  it("keeps answers that are falsy or undefined like any other", () => {
    let calls = 0;
    const memo = new BoundedMemo(10, (_key: string) => (calls += 1, undefined));
    memo.get("x");
    memo.get("x");
    expect(calls).toBe(1);
  });

  it("never holds more than its capacity: when full it starts over", () => {
    const memo = new BoundedMemo(3, (key: number) => key * 2);
    for (const key of [1, 2, 3]) memo.get(key);
    expect(memo.size).toBe(3);
    expect(memo.get(4)).toBe(8);
    expect(memo.size).toBe(1);
  });

  it("keeps no answer that threw, so the next call computes again", () => {
    let calls = 0;
    const memo = new BoundedMemo(10, (key: string) => {
      calls += 1;
      throw new RangeError(`bad ${key}`);
    });
    expect(() => memo.get("zone")).toThrow("bad zone");
    expect(() => memo.get("zone")).toThrow("bad zone");
    expect(calls).toBe(2);
    expect(memo.size).toBe(0);
  });

  it("forgets a key only while it still holds the answer named", () => {
    let n = 0;
    const memo = new BoundedMemo(10, (_key: string) => ({ n: (n += 1) }));
    const first = memo.get("k");
    memo.forget("k", { n: 1 });
    expect(memo.get("k")).toBe(first);
    memo.forget("k", first);
    expect(memo.get("k")).not.toBe(first);
  });
});
