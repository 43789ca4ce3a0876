package dev.tokenkeeper.postgres.setup;

import dev.tokenkeeper.postgres.action.PostgresActionStore;
import dev.tokenkeeper.postgres.connect.PostgresConnectSessions;
import dev.tokenkeeper.postgres.connection.EncryptedConnectionColumns;
import dev.tokenkeeper.postgres.provider.PostgresProviderDirectory;
import dev.tokenkeeper.postgres.rekey.EncryptedColumn;
import dev.tokenkeeper.postgres.revocation.PostgresPendingRevocations;
import dev.tokenkeeper.postgres.webhook.PostgresWebhookStore;
import java.util.List;
import java.util.stream.Stream;

/** Every encrypted column of the schema: what key rotation re-encrypts, and what a lost keyset would orphan. */
public final class EncryptedSchema {
    /**
     * The connection tables' columns, then the providers' client secrets, the connect sessions' verifiers, the
     * tokens of pending revocations and the webhook endpoints' signing secrets
     * and the actions' requests and responses.
     */
    public static final List<EncryptedColumn> COLUMNS = Stream.concat(EncryptedConnectionColumns.ALL.stream(),
            Stream.of(PostgresProviderDirectory.ENCRYPTED_SECRET, PostgresConnectSessions.ENCRYPTED_VERIFIER,
                    PostgresPendingRevocations.ENCRYPTED_TOKEN, PostgresWebhookStore.ENCRYPTED_SECRET,
                    PostgresWebhookStore.ENCRYPTED_PREVIOUS_SECRET, PostgresActionStore.ENCRYPTED_REQUEST,
                    PostgresActionStore.ENCRYPTED_RESPONSE))
            .toList();

    private EncryptedSchema() {}
}
