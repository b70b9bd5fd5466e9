import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { manualClock, tempDir } from "../../test/helpers.ts";
import { InboundQueue } from "./inbound-queue.ts";
import type { EnqueueInput } from "./inbound-queue.ts";

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir("queue");
});
afterEach(async () => {
  await dir.remove();
});

function input(id: string, chatJid = "1555@s.whatsapp.net"): EnqueueInput {
  return { dedupeKey: `${chatJid}||${id}`, chatJid, messageKey: { remoteJid: chatJid, id }, job: { kind: "notice", text: `n ${id}` } };
}

describe("InboundQueue", () => {
  it("keeps queued items across a restart, in arrival order", async () => {
    const first = await InboundQueue.open(dir.path, manualClock());
    await first.enqueue(input("A"));
    await first.enqueue(input("B"));
    const second = await InboundQueue.open(dir.path, manualClock());
    expect(second.pending().map((i) => i.messageKey.id)).toEqual(["A", "B"]);
    const third = await (await InboundQueue.open(dir.path, manualClock())).enqueue(input("C"));
    expect(third?.seq).toBe(3);
  });

  it("refuses a duplicate whether queued, finished or dead-lettered, also after a restart", async () => {
    const queue = await InboundQueue.open(dir.path, manualClock());
    const a = await queue.enqueue(input("A"));
    const b = await queue.enqueue(input("B"));
    await queue.enqueue(input("C"));
    if (!a || !b) throw new Error("enqueue failed");
    await queue.complete(a);
    await queue.deadLetter(b, "400 invalid_payload");
    const reopened = await InboundQueue.open(dir.path, manualClock());
    for (const id of ["A", "B", "C"]) expect(await reopened.enqueue(input(id))).toBeNull();
    expect(reopened.depth).toBe(1);
    expect(reopened.deadCount).toBe(1);
    expect(reopened.latestDeadLetters()[0]?.reason).toBe("400 invalid_payload");
  });

  it("enqueues one of two racing deliveries of the same message", async () => {
    const queue = await InboundQueue.open(dir.path, manualClock());
    const results = await Promise.all([queue.enqueue(input("A")), queue.enqueue(input("A"))]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it("moves an unreadable record aside instead of deleting it", async () => {
    const queue = await InboundQueue.open(dir.path, manualClock());
    await queue.enqueue(input("A"));
    await writeFile(join(dir.path, "inbound", "0000000000000009.json"), "{ half a rec");
    const reopened = await InboundQueue.open(dir.path, manualClock());
    expect(reopened.depth).toBe(1);
    expect(reopened.deadCount).toBe(1);
    expect(await readdir(join(dir.path, "dead"))).toEqual(["corrupt-0000000000000009.json"]);
  });

  it("discards temporary files a crash left behind", async () => {
    await InboundQueue.open(dir.path, manualClock());
    await writeFile(join(dir.path, "inbound", ".tmp-deadbeef"), "{");
    await InboundQueue.open(dir.path, manualClock());
    expect(await readdir(join(dir.path, "inbound"))).toEqual([]);
  });
});
