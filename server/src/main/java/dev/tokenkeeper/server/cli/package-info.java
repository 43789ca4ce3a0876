/** The command line (picocli): serve, demo, migrate, keys rotate, and connections list|show|refresh. */
package dev.tokenkeeper.server.cli;
