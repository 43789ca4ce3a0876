package dev.tokenkeeper.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.apikey.ApiKeyRecord;
import dev.tokenkeeper.core.apikey.ApiKeys;
import dev.tokenkeeper.core.port.ApiKeyStore;
import dev.tokenkeeper.core.token.Secret;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ApiKeyStore} adapter must have; an adapter's test extends this class. */
public abstract class ApiKeyStoreContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A fresh, empty store for each test. */
    protected abstract ApiKeyStore store();

    @Test
    void findByHash_returnsTheKey_whoseHashThePresentedKeyHasAfterAdd() {
        ApiKeyStore store = store();
        Secret key = ApiKeys.generate();
        ApiKeyRecord added = new ApiKeyRecord("admin", "the admin key", ApiKeys.hash(key), T0);

        store.add(added);

        Secret presented = Secret.of(key.reveal());
        assertThat(store.findByHash(ApiKeys.hash(presented))).hasValueSatisfying(found -> {
            assertThat(found).isEqualTo(added);
            assertThat(ApiKeys.matches(presented, found.sha256())).isTrue();
        });
    }

    @Test
    void findByHash_isEmpty_whenNoKeyHasTheHash() {
        ApiKeyStore store = store();
        store.add(record("k1", T0));

        assertThat(store.findByHash(ApiKeys.hash(ApiKeys.generate()))).isEmpty();
    }

    @Test
    void add_changesNothing_whenTheHashIsStoredAlready() {
        ApiKeyStore store = store();
        Secret key = ApiKeys.generate();
        ApiKeyRecord first = new ApiKeyRecord("admin", "from the environment", ApiKeys.hash(key), T0);
        store.add(first);

        store.add(first);
        store.add(new ApiKeyRecord("admin-again", "the same key again", ApiKeys.hash(key), T0.plusSeconds(60)));

        assertThat(store.list()).containsExactly(first);
        assertThat(store.findByHash(ApiKeys.hash(key))).contains(first);
    }

    @Test
    void add_refuses_whenAnotherKeyHasTheId() {
        ApiKeyStore store = store();
        ApiKeyRecord first = record("ci", T0);
        store.add(first);
        ApiKeyRecord other = record("ci", T0.plusSeconds(60));

        assertThatThrownBy(() -> store.add(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("api key id ci is taken by another key");
        assertThat(store.list()).containsExactly(first);
        assertThat(store.findByHash(other.sha256())).isEmpty();
    }

    @Test
    void list_returnsEveryKeyOldestFirst_andInIdByteOrderAtTheSameTime() {
        ApiKeyStore store = store();
        ApiKeyRecord newest = record("a-newest", T0.plusSeconds(120));
        ApiKeyRecord oldest = record("z-oldest", T0);
        ApiKeyRecord lowerCase = record("m-a", T0.plusSeconds(60));
        ApiKeyRecord upperCase = record("m-B", T0.plusSeconds(60));
        for (ApiKeyRecord key : new ApiKeyRecord[] {newest, lowerCase, oldest, upperCase}) {
            store.add(key);
        }

        assertThat(store.list()).containsExactly(oldest, upperCase, lowerCase, newest);
    }

    @Test
    void list_isEmpty_whenNoKeyIsStored() {
        assertThat(store().list()).isEmpty();
    }

    @Test
    void delete_removesTheKey_andSaysWhetherThereWasOne() {
        ApiKeyStore store = store();
        ApiKeyRecord revoked = record("revoked", T0);
        ApiKeyRecord kept = record("kept", T0);
        store.add(revoked);
        store.add(kept);

        assertThat(store.delete("revoked")).isTrue();
        assertThat(store.delete("revoked")).isFalse();
        assertThat(store.delete("never-there")).isFalse();

        assertThat(store.findByHash(revoked.sha256())).isEmpty();
        assertThat(store.list()).containsExactly(kept);
    }

    @Test
    void add_storesTheKeyAgain_afterItWasDeleted() {
        ApiKeyStore store = store();
        ApiKeyRecord key = record("k1", T0);
        store.add(key);
        store.delete("k1");

        store.add(key);

        assertThat(store.findByHash(key.sha256())).contains(key);
    }

    /** A record of a newly generated key. */
    private static ApiKeyRecord record(String id, Instant createdAt) {
        return new ApiKeyRecord(id, "label of " + id, ApiKeys.hash(ApiKeys.generate()), createdAt);
    }
}
