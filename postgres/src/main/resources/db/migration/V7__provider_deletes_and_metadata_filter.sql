-- Providers deleted through the API leave their key here, until a config is saved under it again. A connection insert
-- locks the provider's row (FOR KEY SHARE) and, when the row is gone, looks here: a provider deleted while a
-- connection of it was being created refuses that connection instead of leaving it pointing at nothing. Keys that
-- were never stored (configs kept outside this database) are not refused.
create table deleted_providers (
    key         text        primary key,
    deleted_at  timestamptz not null default now()
);

-- GET /v1/connections?metadata.<key>=<value> filters with metadata @> '{"<key>":"<value>"}'.
create index connections_by_metadata on connections using gin (metadata jsonb_path_ops);
