-- The account a connection's grant belongs to, as the provider names it (the provider config's account.token_field,
-- an id_token's sub, or account.whoami_field): a reconnect that brings another account is refused unless the
-- provider config's account.allow_change is true. Plain text: an account id is not a secret. Null when the provider
-- cannot tell.
alter table connections add column account_subject text;
