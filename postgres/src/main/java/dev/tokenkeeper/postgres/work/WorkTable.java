package dev.tokenkeeper.postgres.work;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A table of durable work: each row has an id, a due time, a group that bounds concurrency (e.g. the provider), a
 * condition that makes it claimable, and the four lease columns every work table carries: {@code lease_fence bigint},
 * {@code lease_holder text}, {@code lease_expires_at timestamptz} and {@code lease_attempt_started_at timestamptz}.
 *
 * @param table       the table's name
 * @param idColumn    its text primary key
 * @param dueColumn   the {@code timestamptz} column saying when the row's work is due (null: never)
 * @param groupColumn the text column whose values each get their own concurrency budget
 * @param claimableIf an SQL condition over the row's columns (unqualified) that must hold to claim it; a constant
 *                    of the adapter, never user input
 */
public record WorkTable(String table, String idColumn, String dueColumn, String groupColumn, String claimableIf) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    public WorkTable {
        identifier(table, "table");
        identifier(idColumn, "idColumn");
        identifier(dueColumn, "dueColumn");
        identifier(groupColumn, "groupColumn");
        Objects.requireNonNull(claimableIf, "claimableIf");
    }

    private static void identifier(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be a plain lower-case SQL identifier: " + name);
        }
    }
}
