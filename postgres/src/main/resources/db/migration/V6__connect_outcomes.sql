-- How a connect session ended, so that GET /v1/connect-sessions/{id} can say it: 'completed' with the connection it
-- made, or 'failed' with a stable error code and a description (never a token, code or secret). Unended sessions
-- are pending until they expire. Rows stay until purged some time after their expiry, like used ones.
alter table connect_sessions
    add column outcome           text check (outcome in ('completed', 'failed')),
    add column ended_at          timestamptz,
    add column error_code        text,
    add column error_description text,
    add constraint connect_sessions_error_when_failed
        check ((outcome = 'failed') = (error_code is not null) or outcome is null and error_code is null);

-- Revocations at the provider that failed when a connection was deleted, kept as durable work until they succeed or
-- are given up: the token to revoke is encrypted by the application (AEAD bound to revocation:<id>:token), the rows
-- are claimed when due under the same fenced leases as refreshes, one provider's rows at a bounded concurrency.
create table revocations (
    id                       text        primary key,
    provider_key             text        not null,
    connection_id            text        not null,
    token                    bytea       not null,
    token_type_hint          text        not null check (token_type_hint in ('refresh_token', 'access_token')),
    created_at               timestamptz not null,
    give_up_at               timestamptz not null,
    next_attempt_at          timestamptz not null,
    attempts                 integer     not null default 0,
    last_error               text,
    lease_fence              bigint      not null default 0,
    lease_holder             text,
    lease_expires_at         timestamptz,
    lease_attempt_started_at timestamptz
);

create index revocations_due on revocations (next_attempt_at);
