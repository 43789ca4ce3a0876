package dev.tokenkeeper.client.connection;

/** A cause that does not stop a grant from working now ({@code no_refresh_token}), with who acts and the fix. */
public record Warning(String cause, String actor, String fix) {}
