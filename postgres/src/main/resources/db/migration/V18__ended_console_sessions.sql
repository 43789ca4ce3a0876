-- Issue 13 (the admin console): a console session signed out is refused until it would have expired, so a copy of its
-- cookie taken before the sign-out opens nothing. Only a digest of the session's id is kept.
create table ended_console_sessions (
    session_id  text        primary key,
    expires_at  timestamptz not null
);

create index ended_console_sessions_by_expiry on ended_console_sessions (expires_at);
