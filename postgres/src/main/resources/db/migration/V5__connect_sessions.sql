-- Pending authorization-code flows (connect sessions). The OAuth state is kept only as its SHA-256, by which the
-- callback finds its session; the PKCE code verifier is encrypted by the application (AEAD bound to
-- connect_session:<id>:code_verifier) and dropped once the session is used. A used session keeps its row (used_at)
-- so a replayed callback is told apart from an unknown one, until it is purged some time after its expiry.
create table connect_sessions (
    id              text        primary key,
    state_sha256    bytea       not null unique check (octet_length(state_sha256) = 32),
    provider_key    text        not null,
    connection_id   text,
    code_verifier   bytea,
    redirect_after  text,
    metadata        jsonb       not null default '{}',
    created_at      timestamptz not null,
    expires_at      timestamptz not null check (expires_at > created_at),
    used_at         timestamptz
);

create index connect_sessions_by_expiry on connect_sessions (expires_at);
