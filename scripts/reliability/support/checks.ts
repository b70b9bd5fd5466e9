/**
 * The reliability run's verdicts, computed afterwards from the database and from what the fake
 * socket sent, never from logs: each check has a value, what it must be, and whether it is.
 */
import type pg from "pg";
import { overlaps } from "../../bench/support/overlaps.ts";

export interface Check {
  check: string;
  value: number | string;
  expected: string;
  ok: boolean;
}

export function mustBe(check: string, value: number, expected: number): Check {
  return { check, value, expected: `= ${expected}`, ok: value === expected };
}

/** Every inbound message recorded once and processed; at most one reply each; the chat's replies, by chat. */
export async function recordedOnce(db: pg.ClientBase, channelId: string, messageIds: readonly string[]): Promise<Check[]> {
  const { rows } = await db.query<{ recorded: number; unprocessed: number; answered_twice: number; unanswered: number }>(
    `select count(*)::int as recorded,
            count(*) filter (where i.processed_at is null)::int as unprocessed,
            count(*) filter (where r.replies > 1)::int as answered_twice,
            count(*) filter (where r.replies = 0)::int as unanswered
       from public.messages i
       cross join lateral (select count(*) as replies from public.messages o
                            where o.reply_to_id = i.id and o.direction = 'out') r
      where i.channel_id = $1 and i.direction = 'in' and i.wa_message_id = any($2::text[])`,
    [channelId, messageIds],
  );
  const row = rows[0]!;
  return [
    mustBe("inbound messages lost (never recorded)", messageIds.length - row.recorded, 0),
    mustBe("inbound messages recorded but not processed", row.unprocessed, 0),
    mustBe("inbound messages with more than one reply stored", row.answered_twice, 0),
    mustBe("inbound messages processed with no reply", row.unanswered, 0),
  ];
}

/**
 * What each chat received on WhatsApp against the replies stored for its messages, in order: a
 * reply sent twice, or stored and never sent, shows up here.
 */
export async function sentAsStored(
  db: pg.ClientBase,
  channelId: string,
  messageIds: readonly string[],
  sentTo: (chatJid: string) => readonly string[],
): Promise<Check[]> {
  const { rows } = await db.query<{ chat_jid: string; replies: string[] }>(
    `select c.chat_jid, array_agg(o.body order by i.created_at, i.id) as replies
       from public.messages i
       join public.conversations c on c.id = i.conversation_id
       join public.messages o on o.reply_to_id = i.id and o.direction = 'out'
      where i.channel_id = $1 and i.direction = 'in' and i.wa_message_id = any($2::text[])
      group by c.chat_jid`,
    [channelId, messageIds],
  );
  let sentTwice = 0;
  let neverSent = 0;
  let chatsDiffering = 0;
  for (const { chat_jid: chat, replies } of rows) {
    const sent = sentTo(chat);
    if (sent.length > replies.length) sentTwice += sent.length - replies.length;
    if (replies.length > sent.length) neverSent += replies.length - sent.length;
    if (sent.length !== replies.length || sent.some((text, i) => text !== replies[i])) chatsDiffering += 1;
  }
  return [
    mustBe("replies sent on WhatsApp more than once", sentTwice, 0),
    mustBe("replies stored but never sent", neverSent, 0),
    mustBe("chats whose WhatsApp messages differ from the stored replies", chatsDiffering, 0),
  ];
}

/** No slot booked twice in the clinic, and no inbound message of the channel left unprocessed. */
export async function nothingDoubleBookedOrStuck(db: pg.ClientBase, channelId: string): Promise<Check[]> {
  const { rows } = await db.query<{ clinic_id: string; unprocessed: number }>(
    `select c.clinic_id,
            (select count(*)::int from public.messages m
              where m.channel_id = c.id and m.direction = 'in' and m.processed_at is null) as unprocessed
       from public.channels c where c.id = $1`,
    [channelId],
  );
  const row = rows[0]!;
  const found = await overlaps(db, row.clinic_id);
  return [
    mustBe("overlapping booked appointments", found.appointments, 0),
    mustBe("booked slots not under exactly one appointment", found.slots, 0),
    mustBe("inbound messages of the channel left unprocessed", row.unprocessed, 0),
  ];
}
