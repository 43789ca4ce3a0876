/** Provider configs over HTTP: the built-in catalog and the custom providers, with write-only client secrets. */
package dev.tokenkeeper.server.provider;
