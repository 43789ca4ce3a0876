-- Provider configs registered at run time. The config is API.md's provider JSON without the client secret; the
-- secret is encrypted by the application (AEAD bound to provider:<key>:client_secret), null when there is none.

create table providers (
    key            text        primary key,
    config         jsonb       not null,
    client_secret  bytea,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);
