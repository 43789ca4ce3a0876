-- Issue 10 (provider health): a provider whose connections fail for a provider-wide cause (a rejected client secret,
-- a wrong token URL) is marked misconfigured once, and marked ok again when none of its connections is misconfigured.
-- * misconfigured_providers: one row per provider marked now (no row: ok). Not tied to providers: a config may be
--   kept outside this database.
-- * provider_events: every change of a provider's health, written in the same transaction as the change; shaped like
--   connection_events, to be read as an outbox (webhooks).
create table misconfigured_providers (
    provider_key  text        primary key,
    cause         text        not null,
    since         timestamptz not null
);

create table provider_events (
    seq           bigserial   primary key,
    provider_key  text        not null,
    at            timestamptz not null,
    type          text        not null,
    payload       jsonb       not null
);

create index provider_events_by_provider on provider_events (provider_key, seq);
