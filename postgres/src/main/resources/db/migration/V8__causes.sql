-- Issue 10 (verdicts that name the cause):
-- * granted_at: when the connection's current grant was obtained (creation, import or the last reconnect), so a grant
--   that dies again soon after a reconnect, or about 7 days after it was issued, is named for what it is.
-- * A misconfigured connection with a next_refresh_at is due for re-verification after a provider config change: the
--   due-work index covers it beside active ones.
alter table connections add column granted_at timestamptz;
update connections set granted_at = created_at where granted_at is null;

drop index if exists connections_due;
create index connections_due on connections (next_refresh_at)
    where state in ('active', 'misconfigured') and next_refresh_at is not null;
