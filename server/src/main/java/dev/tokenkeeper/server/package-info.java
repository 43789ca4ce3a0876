/** The service: wiring of storage, engine and scheduler behind the HTTP API, and the command line. */
package dev.tokenkeeper.server;
