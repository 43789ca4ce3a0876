-- Issue 11 (operating webhooks): when an endpoint was disabled (by PATCH, a 410 Gone or 5 days of failures), shown
-- beside disabled_reason; null while enabled. Endpoints disabled before this migration take their last update's time.
alter table webhook_endpoints add column disabled_at timestamptz;
update webhook_endpoints set disabled_at = updated_at where not enabled;

-- A resend after an outage picks an endpoint's deliveries by the time they were created, oldest first.
create index webhook_deliveries_by_endpoint_time on webhook_deliveries (endpoint_id, created_at);
