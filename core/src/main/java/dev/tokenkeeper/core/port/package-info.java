/**
 * The small interfaces the engine needs from the outside world (storage, leases, the token endpoint), implemented by adapters in other modules and by the in-memory fakes of the testkit.
 */
package dev.tokenkeeper.core.port;
