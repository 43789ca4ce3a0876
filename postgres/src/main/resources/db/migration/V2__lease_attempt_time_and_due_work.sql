-- A started refresh attempt records when it was sent, so that the next holder can tell whether the provider's
-- reuse grace period still covers a retry with the same refresh token.
alter table connections add column lease_attempt_started_at timestamptz;

-- An attempt started before this migration has no known send time: date it a day back, so that no grace period
-- covers it and the next holder takes the safe path (needs_reauth, refresh_interrupted) instead of a reuse.
update connections set lease_attempt_started_at = coalesce(lease_expires_at, now()) - interval '1 day'
    where lease_attempt_started;

alter table connections drop column lease_attempt_started;

-- Due work is claimed oldest first among active connections that can be refreshed.
drop index connections_due;
create index connections_due on connections (next_refresh_at)
    where state = 'active' and next_refresh_at is not null and refresh_token is not null;
