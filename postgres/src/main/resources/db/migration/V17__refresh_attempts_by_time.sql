-- Issue 13 (the admin console's overview counts the last hour's refreshes by outcome): refresh attempts found by time
-- without reading every connection's timeline.
create index connection_events_refresh_attempts_by_time on connection_events (at)
    where type = 'refresh.attempted';
