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
