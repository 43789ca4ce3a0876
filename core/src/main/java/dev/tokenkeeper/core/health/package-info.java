/**
 * Provider health: a provider whose connections fail for a provider-wide cause (a wrong client secret, a wrong token
 * URL) is marked misconfigured once, with one provider event, and recovers with one event when none of its connections
 * is misconfigured any more; a changed provider config re-verifies its misconfigured connections through the refresh
 * schedule.
 */
package dev.tokenkeeper.core.health;
