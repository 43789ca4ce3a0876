-- Connections, their refresh leases, their timelines and quarantined refresh answers.
-- Every token and the raw token fields are encrypted by the application (AEAD bound to row and field).

create table connections (
    id                     text primary key,
    provider_key           text        not null,
    state                  text        not null check (state in ('active', 'needs_reauth', 'misconfigured')),
    access_token           bytea       not null,
    refresh_token          bytea,
    raw                    bytea       not null,
    token_type             text        not null,
    issued_at              timestamptz not null,
    expires_at             timestamptz,
    scopes                 text[]      not null default '{}',
    generation             bigint      not null check (generation > 0),
    next_refresh_at        timestamptz,
    last_refreshed_at      timestamptz,
    refresh_count          bigint      not null default 0,
    consecutive_failures   integer     not null default 0,
    last_error             jsonb,
    metadata               jsonb       not null default '{}',
    created_at             timestamptz not null,
    updated_at             timestamptz not null,
    -- The refresh lease, on the database clock: the fence grows with every grant of the lease.
    lease_fence            bigint      not null default 0,
    lease_holder           text,
    lease_expires_at       timestamptz,
    lease_attempt_started  boolean     not null default false
);

create index connections_due on connections (next_refresh_at)
    where state = 'active' and next_refresh_at is not null;
create index connections_provider_state on connections (provider_key, state);

-- The timeline (and the outbox of later webhooks): written in the same transaction as the change it records.
create table connection_events (
    seq            bigserial   primary key,
    connection_id  text        not null,
    at             timestamptz not null,
    type           text        not null,
    payload        jsonb       not null
);

create index connection_events_by_connection on connection_events (connection_id, seq);

-- Successful refresh answers whose holder lost the lease before committing: kept, never dropped.
create table quarantined_refreshes (
    id             bigserial   primary key,
    connection_id  text        not null,
    fence          bigint      not null,
    at             timestamptz not null,
    reason         text        not null,
    tokens         bytea       not null
);

create index quarantined_refreshes_by_connection on quarantined_refreshes (connection_id, id);
