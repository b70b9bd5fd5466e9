-- Channel authentication for the whatsapp-webhook function.

/**
 * The clinic and the accepted signing secrets of an enabled channel: the current secret first,
 * then previous ones still accepted during a rotation. No row for an unknown or disabled channel.
 * Service role only: the secrets never reach anyone else.
 */
create or replace function public.channel_secrets(p_channel_id uuid)
returns table (clinic_id uuid, clinic_name text, secrets text[])
language sql
stable
set search_path = ''
as $$
  select ch.clinic_id,
         cl.name,
         array[ch.secret] || ch.previous_secrets
    from public.channels ch
    join public.clinics cl on cl.id = ch.clinic_id
   where ch.id = p_channel_id
     and ch.enabled
$$;

comment on function public.channel_secrets(uuid) is
  'Clinic and accepted signing secrets (current first) of an enabled channel; used by the webhook to verify the bot''s requests.';

revoke execute on function public.channel_secrets(uuid) from public, anon, authenticated;
grant execute on function public.channel_secrets(uuid) to service_role;
