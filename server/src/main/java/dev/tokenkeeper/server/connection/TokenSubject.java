package dev.tokenkeeper.server.connection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.provider.AccountSettings;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The account subject a token response names: the provider config's {@code account.token_field}, else the {@code sub}
 * claim of its {@code id_token}.
 */
public final class TokenSubject {
    /** The longest subject kept; longer ones are not account ids. */
    public static final int MAX_LENGTH = 255;

    private TokenSubject() {}

    /** The subject, or empty when the token response names none. */
    public static Optional<String> of(AccountSettings account, TokenSet tokens) {
        if (account.tokenField() != null) {
            Optional<String> field = text(Json.mapper().valueToTree(tokens.raw()).at(account.tokenPointer()));
            if (field.isPresent()) {
                return field;
            }
        }
        return idTokenSubject(tokens.raw().get("id_token"));
    }

    /**
     * The {@code sub} claim of an id_token. Its signature is not checked: the token came straight from the token
     * endpoint over TLS in answer to Tokenkeeper's own authenticated request (the back channel), which OpenID Connect
     * Core 1.0 §3.1.3.7 allows as a replacement for validating the signature.
     */
    static Optional<String> idTokenSubject(Object idToken) {
        if (!(idToken instanceof String jwt)) {
            return Optional.empty();
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3 || parts[1].length() > 16_384) {
            return Optional.empty();
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1].replace("=", ""));
            return text(Json.mapper().readTree(new String(payload, StandardCharsets.UTF_8)).path("sub"));
        } catch (IllegalArgumentException | JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** A string or number node as text (an account id), else empty. */
    public static Optional<String> text(JsonNode node) {
        if (node == null || !(node.isTextual() || node.isIntegralNumber())) {
            return Optional.empty();
        }
        String text = node.asText();
        return text.isEmpty() || text.length() > MAX_LENGTH || text.chars().anyMatch(c -> c < 0x20)
                ? Optional.empty() : Optional.of(text);
    }
}
