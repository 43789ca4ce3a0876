-- Reconnect links sent to end users: GET /r/<token> starts a fresh connect session for the connection. The token is
-- kept only as its SHA-256. A link is used once a reconnect started through it completes; reconnect_link_sessions
-- maps each connect session started from a link to that link.
create table reconnect_links (
    id              text        primary key,
    connection_id   text        not null,
    token_hash      bytea       not null unique check (octet_length(token_hash) = 32),
    redirect_after  text,
    created_at      timestamptz not null,
    expires_at      timestamptz not null check (expires_at > created_at),
    used_at         timestamptz,
    revoked_at      timestamptz
);

create table reconnect_link_sessions (
    session_id      text        primary key,
    link_id         text        not null references reconnect_links (id) on delete cascade
);
