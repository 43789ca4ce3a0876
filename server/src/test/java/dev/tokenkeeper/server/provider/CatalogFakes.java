package dev.tokenkeeper.server.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.provider.CatalogEntry;
import dev.tokenkeeper.core.provider.RefreshExample;
import dev.tokenkeeper.fake.ClientAuthPlace;
import dev.tokenkeeper.fake.ExpiresStyle;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import dev.tokenkeeper.fake.RevocationShape;
import dev.tokenkeeper.fake.TokenErrorStyle;
import dev.tokenkeeper.server.ApiClient;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The fake provider playing a catalog entry: one registered client per entry whose quirks are the behaviour the entry
 * documents, and the overrides that point the entry's URLs at the fake. The shape of the fake's answers comes from the
 * entry's documented refresh answer, not from its config: how the lifetime is stated (seconds, milliseconds, a
 * string, none), whether a refresh token comes back (then the fake rotates, with reuse detection, the strictest
 * reading), Slack's {@code ok} envelope. So a config that reads the provider's answers wrongly fails. The place of the
 * client credentials and the reuse grace follow the config: the fake refuses credentials anywhere else.
 */
final class CatalogFakes {
    /** The fake's access-token lifetime when the entry sets none of its own. */
    static final Duration FAKE_LIFETIME = Duration.ofHours(1);

    private CatalogFakes() {}

    static String clientId(CatalogEntry entry) {
        return "catalog-" + entry.key();
    }

    /** Registers the entry's client at the fake, with the entry's documented behaviour as that client's quirks. */
    static void configure(FakeProvider fake, CatalogEntry entry) {
        fake.registerClient(clientId(entry), FakeProvider.DEFAULT_CLIENT_SECRET);
        JsonNode config = entry.template();
        fake.clientQuirks(clientId(entry))
                .refreshTokens(returnsRefreshToken(entry) ? RefreshTokenPolicy.ROTATE : RefreshTokenPolicy.REUSE)
                .reuseDetection(returnsRefreshToken(entry))
                .reuseGracePeriod(Duration.ofSeconds(config.path("rotation").path("reuse_grace_seconds").asLong(0)))
                .clientAuthPlace("client_secret_post".equals(config.path("client_auth").asText())
                        ? ClientAuthPlace.BODY_ONLY : ClientAuthPlace.BASIC_ONLY)
                .expiresStyle(expiresStyle(entry.refreshExample()))
                .accessTokenLifetime(FAKE_LIFETIME)
                .tokenErrorStyle(slackEnvelope(entry) ? TokenErrorStyle.SLACK : TokenErrorStyle.OAUTH)
                .revocationShape(switch (config.path("revocation_style").asText("rfc7009")) {
                    case "json" -> RevocationShape.JSON;
                    case "bearer" -> RevocationShape.BEARER;
                    default -> RevocationShape.FORM;
                });
    }

    /** The entry's URLs pointed at the fake (its API at the fake's echo, which answers any path), with the client. */
    static ObjectNode overrides(FakeProvider fake, CatalogEntry entry) {
        ObjectNode body = ApiClient.object();
        body.put("client_id", clientId(entry));
        body.put("client_secret", FakeProvider.DEFAULT_CLIENT_SECRET);
        body.put("authorization_url", fake.authorizationUrl().toString());
        body.put("token_url", fake.tokenUrl().toString());
        body.putNull("refresh_url");
        if (entry.template().path("revocation_url").isTextual()) {
            body.put("revocation_url", fake.revocationUrl().toString());
        }
        body.putNull("introspection_url");
        body.put("api_base_url", fake.apiBaseUrl() + "/echo");
        return body;
    }

    static boolean rotates(CatalogEntry entry) {
        return entry.template().path("rotation").path("rotates_refresh_token").asBoolean(true);
    }

    /** Whether the documented refresh answer carries a refresh token (a new one, or the same one again). */
    static boolean returnsRefreshToken(CatalogEntry entry) {
        return field(entry.refreshExample(), "refresh_token") != null;
    }

    static boolean hasWhoami(CatalogEntry entry) {
        return entry.template().path("whoami").isObject();
    }

    /**
     * The access token's lifetime Tokenkeeper must read from the fake's answers: the fake's own when the documented
     * answer states one, else the config's default, else none (null).
     */
    static Duration lifetime(CatalogEntry entry) {
        if (expiresStyle(entry.refreshExample()) != ExpiresStyle.MISSING) {
            return FAKE_LIFETIME;
        }
        JsonNode ttl = entry.template().path("token_response").path("default_ttl_seconds");
        return ttl.canConvertToLong() ? Duration.ofSeconds(ttl.longValue()) : null;
    }

    /** A field of the documented answer's body, JSON or form-encoded. */
    static String field(RefreshExample example, String name) {
        if (form(example)) {
            for (String pair : example.body().strip().split("&")) {
                String[] parts = pair.split("=", 2);
                if (parts.length == 2 && parts[0].equals(name)) {
                    return URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
                }
            }
            return null;
        }
        JsonNode value = json(example).path(name);
        return value.isTextual() || value.isNumber() ? value.asText() : null;
    }

    private static boolean slackEnvelope(CatalogEntry entry) {
        RefreshExample example = entry.refreshExample();
        return example != null && !form(example) && json(example).path("ok").asBoolean(false);
    }

    /** How the documented answer states the lifetime, as the fake can state it. */
    private static ExpiresStyle expiresStyle(RefreshExample example) {
        if (field(example, "expires_in") != null) {
            boolean millis = example.lifetime() != null
                    && field(example, "expires_in").equals(Long.toString(example.lifetime().toMillis()));
            boolean quoted = !form(example) && json(example).path("expires_in").isTextual();
            return millis ? ExpiresStyle.MILLISECONDS : quoted ? ExpiresStyle.SECONDS_STRING : ExpiresStyle.SECONDS;
        }
        if (field(example, "expires") != null) {
            return ExpiresStyle.EXPIRES_FIELD;
        }
        return field(example, "expires_at") != null ? ExpiresStyle.EXPIRES_AT : ExpiresStyle.MISSING;
    }

    private static boolean form(RefreshExample example) {
        return example.contentType().startsWith("application/x-www-form-urlencoded");
    }

    private static JsonNode json(RefreshExample example) {
        try {
            return ApiClient.MAPPER.readTree(example.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the refresh_example body is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
