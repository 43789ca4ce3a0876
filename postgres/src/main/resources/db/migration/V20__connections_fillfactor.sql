-- Issue 14 (a million connections): a refresh updates its connection row four times. Three of them (the claim, the
-- attempt mark, the release) change only lease columns, which no index covers, so PostgreSQL can write the new row
-- version on the same page without touching any index (a HOT update) when the page has room. With the default
-- fillfactor of 100 a page filled by inserts has none: each such update moved the row to another page and inserted
-- it into all six indexes of the table (HOT updates were 15% in a million-connection run). A fillfactor of 75 keeps a
-- quarter of each page free for new row versions, at the price of a table about a third larger. It applies to pages
-- written from now on; VACUUM FULL (or pg_repack) applies it to the rest.
alter table connections set (fillfactor = 75);
