-- Durable work announces itself: when the outbox adds webhook deliveries it notifies the channel
-- tokenkeeper_work_due with the kind of work ('webhooks'), delivered to every listening instance when the transaction
-- commits (several in one transaction are folded into one), so a dispatcher starts at once instead of at its next poll.
create or replace function webhook_enqueue_event(source text, event_seq bigint, event_type text, event_at timestamptz,
        event_data jsonb) returns void language plpgsql as $$
declare
    body text := jsonb_build_object('type', event_type,
            'timestamp', to_char(event_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            'data', event_data)::text;
begin
    with receivers as (
        select e.id from webhook_endpoints e
        where e.enabled and (cardinality(e.events) = 0 or event_type = any(e.events))
        for key share of e
    )
    insert into webhook_deliveries (id, endpoint_id, message_id, event_type, body, created_at, status, attempts,
            next_attempt_at)
    select 'wd_' || replace(gen_random_uuid()::text, '-', ''), r.id,
           'msg_' || md5(source || ':' || event_seq || ':' || r.id), event_type, body, now(), 'pending', 0, now()
    from receivers r;
    if found then
        perform pg_notify('tokenkeeper_work_due', 'webhooks');
    end if;
end;
$$;
