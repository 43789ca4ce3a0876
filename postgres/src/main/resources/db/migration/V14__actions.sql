-- Issue 12 (held actions):
-- * actions: provider calls made on a connection's behalf, durable work claimed when due under the fenced leases of
--   every work table, one action of a connection at a time and in creation order (seq). request and response are
--   encrypted by the application (AEAD bound to action:<id>:request and action:<id>:response); nothing of either is
--   stored in plain text but the response's status. No foreign key to connections: an action outlives a deleted
--   connection (it fails, see below), like a webhook delivery. lifetime: expires_at - created_at as created, the
--   expiry a replay gives again from its own time.
-- * The outbox: inserting an action held, or changing its state to held, succeeded, failed or expired, creates the
--   webhook deliveries of action.<state> in the same transaction. Never a body, a header or a token.
-- * Release on reactivation: the connection.reactivated event (written in the transaction that reactivates, whatever
--   code path does it) queues the connection's held actions, due now; connection.deleted fails its queued and held
--   actions with error code connection_deleted.
create table actions (
    id                       text        primary key,
    seq                      bigserial   not null unique,
    connection_id            text        not null,
    provider_key             text        not null,
    state                    text        not null check (state in ('queued', 'running', 'held', 'succeeded',
                                                                    'failed', 'expired', 'cancelled')),
    request                  bytea,
    fingerprint              text        not null,
    idempotency_key          text,
    attempts                 integer     not null default 0,
    created_at               timestamptz not null,
    updated_at               timestamptz not null,
    expires_at               timestamptz not null,
    lifetime                 interval    not null,
    next_attempt_at          timestamptz,
    finished_at              timestamptz,
    response_status          integer,
    response                 bytea,
    error_code               text,
    error_cause              text,
    error_message            text,
    purged_at                timestamptz,
    lease_fence              bigint      not null default 0,
    lease_holder             text,
    lease_expires_at         timestamptz,
    lease_attempt_started_at timestamptz,
    check (request is not null or purged_at is not null)
);

create unique index actions_idempotency_key on actions (idempotency_key) where idempotency_key is not null;
create index actions_due on actions (next_attempt_at) where state in ('queued', 'running');
create index actions_by_connection on actions (connection_id, seq);
create index actions_by_state on actions (state, seq);
create index actions_expiry on actions (expires_at) where state in ('queued', 'held', 'running');
create index actions_purge on actions (finished_at) where finished_at is not null and purged_at is null;

create sequence action_events;

create function webhook_outbox_action() returns trigger language plpgsql as $$
begin
    perform webhook_enqueue_event('actions', nextval('action_events'), 'action.' || NEW.state, now(),
            jsonb_build_object(
                'action_id', NEW.id,
                'connection_id', NEW.connection_id,
                'provider', NEW.provider_key,
                'state', NEW.state,
                'attempts', NEW.attempts,
                'idempotency_key', NEW.idempotency_key,
                'cause', NEW.error_cause,
                'error_code', NEW.error_code,
                'response_status', NEW.response_status));
    return null;
end;
$$;

-- The conditions are part of the triggers, so the other writes (claims, attempt marks, retries) call no function.
create trigger webhook_outbox_insert after insert on actions
    for each row when (NEW.state = 'held')
    execute function webhook_outbox_action();

create trigger webhook_outbox_update after update of state on actions
    for each row when (NEW.state is distinct from OLD.state
            and NEW.state in ('held', 'succeeded', 'failed', 'expired'))
    execute function webhook_outbox_action();

create function actions_follow_connection() returns trigger language plpgsql as $$
begin
    if NEW.type = 'connection.reactivated' then
        update actions set state = 'queued', next_attempt_at = now(), updated_at = now()
            where connection_id = NEW.connection_id and state = 'held';
    else
        update actions set state = 'failed', next_attempt_at = null, finished_at = now(), updated_at = now(),
                error_code = 'connection_deleted', error_cause = null,
                error_message = 'the connection was deleted'
            where connection_id = NEW.connection_id and state in ('queued', 'held');
    end if;
    return null;
end;
$$;

create trigger actions_follow_connection after insert on connection_events
    for each row when (NEW.type in ('connection.reactivated', 'connection.deleted'))
    execute function actions_follow_connection();
