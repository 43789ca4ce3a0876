-- Issue 11 (webhooks that are never lost):
-- * webhook_endpoints: the receivers. Their signing secrets are encrypted by the application (AEAD bound to
--   webhook_endpoint:<id>:secret and webhook_endpoint:<id>:previous_secret); the previous one signs beside the
--   current one until previous_secret_until after a rotation. events: the types received, empty = every type.
-- * webhook_deliveries: one event for one endpoint, durable work claimed when due under the fenced leases of every
--   work table, one endpoint's rows at a bounded concurrency. body is the exact JSON sent (never a token). No foreign
--   key to connections: a delivery outlives a deleted connection. Deleting an endpoint deletes its deliveries.
-- * webhook_attempts: each try of a delivery.
-- * The outbox: triggers on connection_events and provider_events create the deliveries of a webhook event type in
--   the transaction that records the event, whatever code path writes it, for every enabled endpoint receiving it.
create table webhook_endpoints (
    id                     text        primary key,
    url                    text        not null,
    description            text,
    events                 text[]      not null default '{}',
    enabled                boolean     not null default true,
    disabled_reason        text,
    failing_since          timestamptz,
    created_at             timestamptz not null,
    updated_at             timestamptz not null,
    secret                 bytea       not null,
    previous_secret        bytea,
    previous_secret_until  timestamptz
);

create table webhook_deliveries (
    id                       text        primary key,
    seq                      bigserial   not null unique,
    endpoint_id              text        not null references webhook_endpoints (id) on delete cascade,
    message_id               text        not null,
    event_type               text        not null,
    body                     text        not null,
    created_at               timestamptz not null,
    status                   text        not null check (status in ('pending', 'succeeded', 'failed')),
    attempts                 integer     not null default 0,
    next_attempt_at          timestamptz,
    last_status_code         integer,
    last_error               text,
    lease_fence              bigint      not null default 0,
    lease_holder             text,
    lease_expires_at         timestamptz,
    lease_attempt_started_at timestamptz
);

create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_by_endpoint on webhook_deliveries (endpoint_id, seq);

create table webhook_attempts (
    id                bigserial   primary key,
    delivery_id       text        not null references webhook_deliveries (id) on delete cascade,
    at                timestamptz not null,
    status_code       integer,
    error             text,
    duration_ms       bigint      not null,
    response_snippet  text
);

create index webhook_attempts_by_delivery on webhook_attempts (delivery_id, id);

-- Inserts one pending delivery of an event, due now, per enabled endpoint receiving its type. The endpoints are
-- locked against a concurrent delete (key share: updates still proceed), so a delivery never outlives its endpoint.
-- message_id is derived from the event and the endpoint, so it is stable.
create function webhook_enqueue_event(source text, event_seq bigint, event_type text, event_at timestamptz,
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
end;
$$;

create function webhook_outbox_connection_event() returns trigger language plpgsql as $$
declare
    provider text;
    meta jsonb;
begin
    select c.provider_key, c.metadata into provider, meta from connections c where c.id = NEW.connection_id;
    perform webhook_enqueue_event('connection_events', NEW.seq, NEW.type, NEW.at, jsonb_build_object(
            'connection_id', NEW.connection_id,
            'provider', provider,
            'state', NEW.payload ->> 'to',
            'cause', NEW.payload -> 'reason' ->> 'cause',
            'metadata', coalesce(meta, '{}'::jsonb),
            'sequence', NEW.seq));
    return null;
end;
$$;

-- The condition is part of the trigger, so a refresh attempt's record (the most frequent event) calls no function.
create trigger webhook_outbox after insert on connection_events
    for each row when (NEW.type in ('connection.created', 'connection.needs_reauth', 'connection.misconfigured',
            'connection.reactivated', 'connection.deleted', 'connection.refresh_failing', 'connect.failed'))
    execute function webhook_outbox_connection_event();

create function webhook_outbox_provider_event() returns trigger language plpgsql as $$
begin
    perform webhook_enqueue_event('provider_events', NEW.seq, NEW.type, NEW.at, jsonb_build_object(
            'provider', NEW.provider_key,
            'cause', NEW.payload ->> 'cause',
            'affected_connections', NEW.payload -> 'affected_connections'));
    return null;
end;
$$;

create trigger webhook_outbox after insert on provider_events
    for each row when (NEW.type in ('provider.misconfigured', 'provider.recovered'))
    execute function webhook_outbox_provider_event();
