-- Issue 10: a failed connect session names its cause (error_cause: a code of Tokenkeeper's catalogue of causes, null
-- for sessions that failed before causes were recorded); a completed one lists the causes that are wrong with the grant
-- it connected although it works (warnings, e.g. no_refresh_token). Neither ever holds a token, code or secret.
alter table connect_sessions
    add column error_cause text,
    add column warnings    text[] not null default '{}';
