-- connection.refresh_token_expiring is a webhook event type: the outbox trigger on connection_events (V11) names it
-- beside the others.
drop trigger webhook_outbox on connection_events;

create trigger webhook_outbox after insert on connection_events
    for each row when (NEW.type in ('connection.created', 'connection.needs_reauth', 'connection.misconfigured',
            'connection.reactivated', 'connection.deleted', 'connection.refresh_failing',
            'connection.refresh_token_expiring', 'connect.failed'))
    execute function webhook_outbox_connection_event();
