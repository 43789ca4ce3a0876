-- Every committed change of what a connection reads as (tokens, state, schedule, metadata, or the row's deletion)
-- notifies the channel tokenkeeper_connection_changed with '<generation>:<id>', delivered to every listening
-- instance when the transaction commits; each instance then drops that connection from its cache of decrypted
-- connections. A trigger rather than the store's code, so a write made elsewhere (a re-key, a provider's removal, an
-- operator's SQL) is announced too. Lease bookkeeping alone (lease_* columns) changes nothing a reader sees: no notice.
create function connections_announce_change() returns trigger language plpgsql as $$
begin
    if TG_OP = 'DELETE' then
        perform pg_notify('tokenkeeper_connection_changed', OLD.generation || ':' || OLD.id);
    else
        perform pg_notify('tokenkeeper_connection_changed', NEW.generation || ':' || NEW.id);
    end if;
    return null;
end;
$$;

create trigger connections_announce_update after update on connections
    for each row when ((OLD.id, OLD.provider_key, OLD.state, OLD.access_token, OLD.refresh_token, OLD.raw,
            OLD.token_type, OLD.issued_at, OLD.expires_at, OLD.scopes, OLD.generation, OLD.next_refresh_at,
            OLD.last_refreshed_at, OLD.refresh_count, OLD.consecutive_failures, OLD.last_error, OLD.metadata,
            OLD.created_at, OLD.updated_at, OLD.granted_at)
        is distinct from (NEW.id, NEW.provider_key, NEW.state, NEW.access_token, NEW.refresh_token, NEW.raw,
            NEW.token_type, NEW.issued_at, NEW.expires_at, NEW.scopes, NEW.generation, NEW.next_refresh_at,
            NEW.last_refreshed_at, NEW.refresh_count, NEW.consecutive_failures, NEW.last_error, NEW.metadata,
            NEW.created_at, NEW.updated_at, NEW.granted_at))
    execute function connections_announce_change();

create trigger connections_announce_delete after delete on connections
    for each row execute function connections_announce_change();
