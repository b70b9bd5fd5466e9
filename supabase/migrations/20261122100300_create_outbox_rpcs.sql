-- The bot's side of the outbox, through the whatsapp-webhook function: claim due messages,
-- then acknowledge each as sent or failed.

/**
 * Claims up to p_limit due messages of one channel for sending: pending rows whose send_after
 * has come, and 'sending' rows whose claim expired unacknowledged (the bot died mid-send). FOR
 * UPDATE SKIP LOCKED lets concurrent claims take disjoint rows without waiting. Each claimed row
 * becomes 'sending' for c_claim_seconds, with one more attempt counted. Rows that used up their
 * attempts while claimed are marked failed instead of being claimed again. The channel's clinic's
 * reminders are enqueued first, so reminders go out even where pg_cron is absent.
 */
create or replace function public.claim_outbox(p_channel_id uuid, p_limit int default 20, p_now timestamptz default now())
returns table (id uuid, chat_jid text, phone text, text text, kind text)
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_column
declare
  -- How long the bot has to send and acknowledge a claimed message before it is claimed again.
  c_claim_seconds constant int := 120;
  -- Same bound as ack_outbox: after this many attempts a message is failed for good.
  c_max_attempts constant int := 5;
  -- The contract's maximum claim (shared/contract/limits.ts MAX_OUTBOX_CLAIM).
  c_max_limit constant int := 50;
  v_clinic_id uuid;
begin
  if p_limit is null or p_limit < 1 or p_limit > c_max_limit then
    raise exception 'limit must be between 1 and %', c_max_limit using errcode = '22023';
  end if;
  select ch.clinic_id into v_clinic_id from public.channels ch where ch.id = p_channel_id;
  if not found then
    return;
  end if;
  perform public.enqueue_reminders(p_now, v_clinic_id);

  -- An expired claim that was the last allowed attempt is not retried: it failed.
  update public.outbox o
     set status = 'failed',
         claimed_until = null,
         last_error = coalesce(o.last_error, 'not acknowledged before the claim expired')
   where o.channel_id = p_channel_id
     and o.status = 'sending'
     and o.claimed_until < p_now
     and o.attempts >= c_max_attempts;

  return query
    with due as (
      select o.id
        from public.outbox o
       where o.channel_id = p_channel_id
         and ((o.status = 'pending' and o.send_after <= p_now)
              or (o.status = 'sending' and o.claimed_until < p_now))
         and o.attempts < c_max_attempts
       order by o.send_after, o.created_at
       limit p_limit
       for update skip locked
    ),
    claimed as (
      update public.outbox o
         set status = 'sending',
             attempts = o.attempts + 1,
             claimed_until = p_now + pg_catalog.make_interval(secs => c_claim_seconds)
        from due
       where o.id = due.id
      returning o.id, o.chat_jid, o.phone, o.text, o.kind, o.send_after, o.created_at
    )
    select c.id,
           -- A row addressed by phone only is sent to that number's WhatsApp user JID.
           coalesce(c.chat_jid, pg_catalog.ltrim(c.phone, '+') || '@s.whatsapp.net'),
           c.phone,
           c.text,
           c.kind::text
      from claimed c
     order by c.send_after, c.created_at;
end;
$$;

comment on function public.claim_outbox(uuid, int, timestamptz) is
  'Claims due outgoing messages of one WhatsApp number for the bot to send (skipping rows another claim holds).';

revoke execute on function public.claim_outbox(uuid, int, timestamptz) from public, anon, authenticated;
grant execute on function public.claim_outbox(uuid, int, timestamptz) to service_role;

/**
 * Records the outcome of sending a claimed message and returns the row's status afterwards.
 * sent: the row is sent and the text joins the conversation's history (a repeated ack changes
 * nothing). failed: the row returns to pending with a doubling delay, or fails for good after
 * c_max_attempts. A failure report for a row that is no longer being sent changes nothing.
 * An id that is not this channel's outbox row raises OB001.
 */
create or replace function public.ack_outbox(
  p_channel_id uuid,
  p_id uuid,
  p_status text,
  p_error text default null,
  p_now timestamptz default now()
)
returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
  c_max_attempts constant int := 5;
  -- The first retry waits this long; each later one twice as long as the one before.
  c_retry_base_seconds constant int := 30;
  -- Longest error text kept.
  c_max_error_chars constant int := 1000;
  v_row public.outbox;
  v_conversation_id uuid;
begin
  if p_status is null or p_status not in ('sent', 'failed') then
    raise exception 'status must be sent or failed' using errcode = '22023';
  end if;
  select * into v_row
    from public.outbox o
   where o.id = p_id and o.channel_id = p_channel_id
     for update;
  if not found then
    raise exception 'outbox message % not found for this channel', p_id using errcode = 'OB001';
  end if;
  if v_row.status = 'sent' then
    return 'sent';
  end if;

  if p_status = 'sent' then
    -- Even a late ack (claim expired, or marked failed meanwhile) records the truth: it was sent.
    update public.outbox o
       set status = 'sent', sent_at = p_now, claimed_until = null
     where o.id = p_id;
    v_conversation_id := v_row.conversation_id;
    if v_conversation_id is null and v_row.patient_id is not null then
      select c.id into v_conversation_id
        from public.conversations c
       where c.channel_id = v_row.channel_id and c.patient_id = v_row.patient_id;
    end if;
    if v_conversation_id is not null then
      insert into public.messages (clinic_id, channel_id, conversation_id, direction, body, created_at)
      values (v_row.clinic_id, v_row.channel_id, v_conversation_id, 'out', v_row.text, p_now);
    end if;
    return 'sent';
  end if;

  if v_row.status <> 'sending' then
    return v_row.status::text;
  end if;
  if v_row.attempts >= c_max_attempts then
    update public.outbox o
       set status = 'failed', claimed_until = null, last_error = left(p_error, c_max_error_chars)
     where o.id = p_id;
    return 'failed';
  end if;
  update public.outbox o
     set status = 'pending',
         claimed_until = null,
         last_error = left(p_error, c_max_error_chars),
         send_after = p_now + pg_catalog.make_interval(
           secs => c_retry_base_seconds * pg_catalog.power(2, greatest(v_row.attempts - 1, 0))
         )
   where o.id = p_id;
  return 'pending';
end;
$$;

comment on function public.ack_outbox(uuid, uuid, text, text, timestamptz) is
  'Records whether the bot sent a claimed message; failed ones are retried later, up to a limit.';

revoke execute on function public.ack_outbox(uuid, uuid, text, text, timestamptz) from public, anon, authenticated;
grant execute on function public.ack_outbox(uuid, uuid, text, text, timestamptz) to service_role;
