-- Issue 11 (operating webhooks): when an endpoint was disabled (by PATCH, a 410 Gone or 5 days of failures), shown
-- beside disabled_reason; null while enabled. Endpoints disabled before this migration take their last update's time.
alter table webhook_endpoints add column disabled_at timestamptz;
update webhook_endpoints set disabled_at = updated_at where not enabled;
