-- Listings page through connections by id in byte order ("C" collation, as ConnectionQuery promises, whatever the
-- database's own collation), optionally of one provider or in one state. These replace V1's index on
-- (provider_key, state), which no query used and which cannot give a provider's connections in id order.
create index connections_by_id on connections (id collate "C");
create index connections_by_provider on connections (provider_key, id collate "C");
create index connections_by_state on connections (state, id collate "C");
drop index connections_provider_state;

-- Lease fences come from one sequence, so a fence never repeats for a row id: a holder whose lease was taken before
-- its connection was deleted cannot commit to a connection created again with that id (whose own fences would
-- otherwise start again from 1). Every fence already granted stays below the sequence.
create sequence lease_fences;
select setval('lease_fences', greatest(1, (select max(lease_fence) from connections)));

-- API keys: only the SHA-256 of each key is kept, never the key. The hash is unique, so a key is found by it.
create table api_keys (
    id          text        primary key,
    label       text        not null,
    sha256      bytea       not null unique check (octet_length(sha256) = 32),
    created_at  timestamptz not null
);
