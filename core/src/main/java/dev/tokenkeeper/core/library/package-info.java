/**
 * The library's entry point: {@link dev.tokenkeeper.core.library.TokenkeeperLibrary} builds a working engine (single
 * flight, refresh ahead, classification, proactive refresh in the background) over a
 * {@link dev.tokenkeeper.core.library.LibraryStorage} in a few lines, in memory (module {@code tokenkeeper-memory})
 * or on PostgreSQL (module {@code tokenkeeper-postgres}).
 */
package dev.tokenkeeper.core.library;
