-- A connect session keeps the per-connection settings its provider's URLs are filled with (a subdomain, a tenant),
-- so that the callback exchanges the code at the same token URL and the new connection keeps them. Not secrets.
alter table connect_sessions add column connection_config jsonb not null default '{}'::jsonb;
