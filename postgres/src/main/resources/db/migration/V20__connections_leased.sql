-- Issue 14 (a million connections): the refresh schedule's "how long until the next due work" reads the rows under a
-- live lease apart from the rest (DueClaims.untilNextDue). This index holds only connections whose lease column is set
-- (those being refreshed now, or whose holder died), with the due index's own predicate, so that read is an index
-- range scan of a few rows instead of a scan of the whole table.
create index connections_leased on connections (lease_expires_at)
    where state in ('active', 'misconfigured') and next_refresh_at is not null and lease_expires_at is not null;
