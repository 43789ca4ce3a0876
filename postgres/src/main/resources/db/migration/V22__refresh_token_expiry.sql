-- When a connection's refresh token itself expires (refresh_token_expires_in and its twins), or null when unknown or
-- never: the proactive refresh comes before it. The change notice's trigger names it with the other columns a reader
-- sees (V21).
alter table connections add column refresh_token_expires_at timestamptz;

drop trigger connections_announce_update on connections;

create trigger connections_announce_update after update of id, provider_key, state, access_token, refresh_token, raw,
        token_type, issued_at, expires_at, scopes, generation, next_refresh_at, last_refreshed_at, refresh_count,
        consecutive_failures, last_error, metadata, created_at, updated_at, granted_at, refresh_token_expires_at
        on connections
    for each row when ((OLD.id, OLD.provider_key, OLD.state, OLD.access_token, OLD.refresh_token, OLD.raw,
            OLD.token_type, OLD.issued_at, OLD.expires_at, OLD.scopes, OLD.generation, OLD.next_refresh_at,
            OLD.last_refreshed_at, OLD.refresh_count, OLD.consecutive_failures, OLD.last_error, OLD.metadata,
            OLD.created_at, OLD.updated_at, OLD.granted_at, OLD.refresh_token_expires_at)
        is distinct from (NEW.id, NEW.provider_key, NEW.state, NEW.access_token, NEW.refresh_token, NEW.raw,
            NEW.token_type, NEW.issued_at, NEW.expires_at, NEW.scopes, NEW.generation, NEW.next_refresh_at,
            NEW.last_refreshed_at, NEW.refresh_count, NEW.consecutive_failures, NEW.last_error, NEW.metadata,
            NEW.created_at, NEW.updated_at, NEW.granted_at, NEW.refresh_token_expires_at))
    execute function connections_announce_change();
