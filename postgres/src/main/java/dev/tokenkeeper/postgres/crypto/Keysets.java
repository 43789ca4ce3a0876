package dev.tokenkeeper.postgres.crypto;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AeadKey;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;

/** Creates, rotates, parses and serializes AEAD keysets in Tink's cleartext JSON format. */
final class Keysets {
    private static final Configuration TINK = registeredAeadConfiguration();
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private Keysets() {}

    static Configuration configuration() {
        return TINK;
    }

    /** A keyset of one AES-256-GCM key whose ciphertexts start with its id (Tink output prefix). */
    static KeysetHandle generate() {
        try {
            return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, TINK);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is registered, so generating a key cannot fail", e);
        }
    }

    /** {@code keyset} plus a new AES-256-GCM key, made primary; every existing key is kept as it was. */
    static KeysetHandle withNewPrimary(KeysetHandle keyset) {
        try {
            return KeysetHandle.newBuilder(keyset)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId()
                            .makePrimary())
                    .setConfiguration(TINK)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("adding an AES-256-GCM key to a valid keyset cannot fail", e);
        }
    }

    /** Parses and checks a keyset; {@code source} names where it came from in any error. */
    static KeysetHandle parse(String json, String source) {
        requireJson(json, source);
        KeysetHandle keyset;
        try {
            keyset = TinkJsonProtoKeysetFormat.parseKeyset(json, TINK, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            // Tink's messages may quote the keyset, so neither the message nor the cause is kept.
            throw new KeysetException(source, "not a valid Tink keyset (cleartext JSON keyset format expected)");
        }
        requireAead(keyset, source);
        return keyset;
    }

    static String serialize(KeysetHandle keyset) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, TINK, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a parsed or generated keyset always serializes", e);
        }
    }

    private static void requireJson(String json, String source) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the offending token, which may be key material: keep the location only.
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new KeysetException(source, "not JSON" + where);
        }
        if (node == null || node.isMissingNode()) {
            throw new KeysetException(source, "empty, where a JSON keyset was expected");
        }
    }

    private static void requireAead(KeysetHandle keyset, String source) {
        for (int i = 0; i < keyset.size(); i++) {
            KeysetHandle.Entry entry = keyset.getAt(i);
            if (!(entry.getKey() instanceof AeadKey)) {
                throw new KeysetException(source, "key " + Integer.toUnsignedLong(entry.getId())
                        + " is not an AEAD key (" + entry.getKey().getParameters() + ")");
            }
        }
        AeadKey primary = (AeadKey) keyset.getPrimary().getKey();
        if (primary.getOutputPrefix().size() == 0) {
            throw new KeysetException(source, "primary key " + Integer.toUnsignedLong(keyset.getPrimary().getId())
                    + " has no key-id prefix (RAW output prefix), so current ciphertexts cannot be told apart");
        }
    }

    private static Configuration registeredAeadConfiguration() {
        try {
            AeadConfig.register();
            return RegistryConfiguration.get();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
