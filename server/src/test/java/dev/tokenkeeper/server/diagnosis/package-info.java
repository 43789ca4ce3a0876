/**
 * The broken-setup exam: one test per way a provider setup breaks (token endpoint, grant, provider, API, connect and
 * time patterns), each built through the public HTTP API on the fake provider with a settable clock, and each
 * asserting that the connection and its diagnosis name the cause, the zone, who must act and the field to fix.
 */
package dev.tokenkeeper.server.diagnosis;
