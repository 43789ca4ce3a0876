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

-- Actions: a held action released by a reactivation, or a new queued action, is announced as 'actions' work.
create or replace function actions_follow_connection() returns trigger language plpgsql as $$
begin
    if NEW.type = 'connection.reactivated' then
        update actions set state = 'queued', next_attempt_at = now(), updated_at = now()
            where connection_id = NEW.connection_id and state = 'held';
        if found then
            perform pg_notify('tokenkeeper_work_due', 'actions');
        end if;
    else
        update actions set state = 'failed', next_attempt_at = null, finished_at = now(), updated_at = now(),
                error_code = 'connection_deleted', error_cause = null,
                error_message = 'the connection was deleted'
            where connection_id = NEW.connection_id and state in ('queued', 'held');
    end if;
    return null;
end;
$$;

create function actions_announce_queued() returns trigger language plpgsql as $$
begin
    perform pg_notify('tokenkeeper_work_due', 'actions');
    return null;
end;
$$;

create trigger actions_announce_queued after insert on actions
    for each row when (NEW.state = 'queued')
    execute function actions_announce_queued();
