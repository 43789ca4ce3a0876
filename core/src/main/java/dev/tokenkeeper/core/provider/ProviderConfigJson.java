package dev.tokenkeeper.core.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.token.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and writes API.md's provider config JSON; every problem names its field, and the client secret is
 * write-only (never written back).
 */
public final class ProviderConfigJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("key", "authorization_url", "token_url", "refresh_url",
            "revocation_url", "api_base_url", "client_id", "client_secret", "client_auth", "scopes", "pkce",
            "token_response", "rotation", "auth_failure_statuses", "error_expression", "whoami", "refresh_params",
            "scope_separator", "authorization_params", "client_secret_set", "introspection_url",
            "idempotency_header", "account", "grant_type", "connection_config", "revocation_style");
    private static final Set<String> SETTING_FIELDS = Set.of("description", "pattern", "hosts", "from_token_response",
            "default");

    private ProviderConfigJson() {}

    /** Parses a JSON document into a validated config. */
    public static ProviderConfig read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidProviderConfigException("(body)", "is not valid JSON: " + e.getOriginalMessage());
        }
        return read(root);
    }

    /** Reads a parsed JSON object into a validated config. */
    public static ProviderConfig read(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new InvalidProviderConfigException("(body)", "must be a JSON object");
        }
        rejectUnknown(root, FIELDS, "");
        JsonNode tokenResponse = optionalObject(root, "token_response");
        JsonNode rotation = optionalObject(root, "rotation");
        JsonNode whoami = optionalObject(root, "whoami");
        return ProviderConfig.builder(text(root, "key"))
                .authorizationUrl(url(root, "authorization_url"))
                .tokenUrl(url(root, "token_url"))
                .refreshUrl(url(root, "refresh_url"))
                .revocationUrl(url(root, "revocation_url"))
                .apiBaseUrl(url(root, "api_base_url"))
                .clientId(text(root, "client_id"))
                .clientSecret(Secret.ofNullable(text(root, "client_secret")))
                .clientAuth(wireName(root, "client_auth", ClientAuth.CLIENT_SECRET_BASIC, ClientAuth::fromWireName))
                .scopes(strings(root, "scopes"))
                .pkce(bool(root, "pkce", true))
                .tokenResponse(tokenResponse(tokenResponse))
                .rotation(rotation(rotation))
                .authFailureStatuses(statuses(root))
                .errorExpression(expression(root))
                .whoami(whoami(whoami))
                .refreshParams(stringMap(root, "refresh_params"))
                .scopeSeparator(text(root, "scope_separator"))
                .authorizationParams(stringMap(root, "authorization_params"))
                .introspectionUrl(url(root, "introspection_url"))
                .idempotencyHeader(text(root, "idempotency_header"))
                .account(account(optionalObject(root, "account")))
                .grantType(wireName(root, "grant_type", GrantType.AUTHORIZATION_CODE, GrantType::fromWireName))
                .connectionConfig(connectionConfig(optionalObject(root, "connection_config")))
                .revocationStyle(wireName(root, "revocation_style", RevocationStyle.RFC7009,
                        RevocationStyle::fromWireName))
                .build();
    }

    /** The config as JSON, without the client secret (only whether one is set). */
    public static ObjectNode write(ProviderConfig config) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("key", config.key());
        putUrl(node, "authorization_url", config.authorizationUrl());
        putUrl(node, "token_url", config.tokenUrl());
        putUrl(node, "refresh_url", config.refreshUrl());
        putUrl(node, "revocation_url", config.revocationUrl());
        putUrl(node, "api_base_url", config.apiBaseUrl());
        node.put("client_id", config.clientId());
        node.put("client_secret_set", config.clientSecret() != null);
        node.put("client_auth", config.clientAuth().wireName());
        ArrayNode scopes = node.putArray("scopes");
        config.scopes().forEach(scopes::add);
        node.put("pkce", config.pkce());
        ObjectNode tokenResponse = node.putObject("token_response");
        tokenResponse.put("expires_in_unit", config.tokenResponse().expiresInUnit().wireName());
        Duration ttl = config.tokenResponse().defaultTtl();
        if (ttl == null) {
            tokenResponse.putNull("default_ttl_seconds");
        } else {
            tokenResponse.put("default_ttl_seconds", ttl.toSeconds());
        }
        putSeconds(tokenResponse, "refresh_token_ttl_seconds", config.tokenResponse().refreshTokenTtl());
        putSeconds(tokenResponse, "refresh_token_idle_seconds", config.tokenResponse().refreshTokenIdle());
        ObjectNode rotation = node.putObject("rotation");
        rotation.put("rotates_refresh_token", config.rotation().rotatesRefreshToken());
        rotation.put("reuse_grace_seconds", config.rotation().reuseGrace().toSeconds());
        ArrayNode statuses = node.putArray("auth_failure_statuses");
        config.authFailureStatuses().stream().sorted().forEach(statuses::add);
        if (config.errorExpression() == null) {
            node.putNull("error_expression");
        } else {
            node.put("error_expression", config.errorExpression().source());
        }
        if (config.whoami() == null) {
            node.putNull("whoami");
        } else {
            node.putObject("whoami").put("method", config.whoami().method()).put("path", config.whoami().path());
        }
        ObjectNode params = node.putObject("refresh_params");
        config.refreshParams().forEach(params::put);
        node.put("scope_separator", config.scopeSeparator());
        ObjectNode authorizationParams = node.putObject("authorization_params");
        config.authorizationParams().forEach(authorizationParams::put);
        putUrl(node, "introspection_url", config.introspectionUrl());
        node.put("idempotency_header", config.idempotencyHeader());
        node.putObject("account").put("token_field", config.account().tokenField())
                .put("whoami_field", config.account().whoamiField())
                .put("allow_change", config.account().allowChange());
        node.put("grant_type", config.grantType().wireName());
        node.put("revocation_style", config.revocationStyle().wireName());
        ObjectNode settings = node.putObject("connection_config");
        config.connectionConfig().forEach((name, field) -> {
            ObjectNode setting = settings.putObject(name).put("description", field.description())
                    .put("pattern", field.pattern() == null ? null : field.pattern().pattern())
                    .put("from_token_response", field.fromTokenResponse()).put("default", field.defaultValue());
            field.hosts().forEach(setting.putArray("hosts")::add);
        });
        return node;
    }

    private static Map<String, ConnectionConfigField> connectionConfig(JsonNode node) {
        Map<String, ConnectionConfigField> fields = new LinkedHashMap<>();
        if (node == null) {
            return fields;
        }
        node.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            JsonNode setting = entry.getValue();
            String field = "connection_config." + name;
            if (!setting.isObject()) {
                throw new InvalidProviderConfigException(field, "must be an object");
            }
            rejectUnknown(setting, SETTING_FIELDS, field + ".");
            JsonNode hosts = setting.get("hosts");
            boolean hostList = hosts == null || hosts.isNull()
                    || hosts.isArray() && hosts.valueStream().allMatch(JsonNode::isTextual);
            if (!hostList) {
                throw new InvalidProviderConfigException(field + ".hosts", "must be an array of host names");
            }
            fields.put(name, ConnectionConfigField.checked(new ConnectionConfigField(name,
                    nestedText(setting, "description", field),
                    ConnectionConfigField.pattern(name, nestedText(setting, "pattern", field)),
                    hosts == null || hosts.isNull() ? List.of() : hosts.valueStream().map(JsonNode::textValue).toList(),
                    nestedText(setting, "from_token_response", field), nestedText(setting, "default", field))));
        });
        return fields;
    }

    private static String nestedText(JsonNode node, String name, String field) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidProviderConfigException(field + "." + name, "must be a string");
        }
        return value.textValue();
    }

    private static void rejectUnknown(JsonNode node, Set<String> known, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidProviderConfigException(prefix + name, "is not a provider config field");
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidProviderConfigException(field, "must be a string");
        }
        return value.textValue();
    }

    private static URI url(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return UrlTemplate.parse(field, text);
        } catch (URISyntaxException e) {
            throw new InvalidProviderConfigException(field, "is not a valid URL: " + e.getReason());
        }
    }

    private static boolean bool(JsonNode node, String field, boolean fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new InvalidProviderConfigException(field, "must be true or false");
        }
        return value.booleanValue();
    }

    private static long seconds(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.longValue() < 0) {
            throw new InvalidProviderConfigException(path, "must be a whole number of seconds, 0 or more");
        }
        return value.longValue();
    }

    private static JsonNode optionalObject(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new InvalidProviderConfigException(field, "must be an object");
        }
        return value;
    }

    /**
     * A field holding one of an enum's wire names, {@code fallback} when absent; {@code parse} names the known ones in
     * its {@link IllegalArgumentException}, reported against the field.
     */
    private static <E extends Enum<E>> E wireName(JsonNode root, String field, E fallback, Function<String, E> parse) {
        String text = text(root, field);
        try {
            return text == null ? fallback : parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidProviderConfigException(field, e.getMessage());
        }
    }

    private static List<String> strings(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new InvalidProviderConfigException(field, "must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.textValue().isBlank()) {
                throw new InvalidProviderConfigException(field, "must be an array of non-blank strings");
            }
            out.add(item.textValue());
        }
        return out;
    }

    private static Map<String, String> stringMap(JsonNode node, String field) {
        JsonNode value = optionalObject(node, field);
        Map<String, String> out = new LinkedHashMap<>();
        if (value != null) {
            value.properties().forEach(entry -> {
                if (!entry.getValue().isTextual()) {
                    throw new InvalidProviderConfigException(field + "." + entry.getKey(), "must be a string");
                }
                out.put(entry.getKey(), entry.getValue().textValue());
            });
        }
        return out;
    }

    private static TokenResponseSettings tokenResponse(JsonNode node) {
        if (node == null) {
            return TokenResponseSettings.DEFAULT;
        }
        rejectUnknown(node, Set.of("expires_in_unit", "default_ttl_seconds", "refresh_token_ttl_seconds",
                "refresh_token_idle_seconds"), "token_response.");
        String unitText = text(node, "expires_in_unit");
        ExpiresInUnit unit;
        try {
            unit = unitText == null ? ExpiresInUnit.AUTO : ExpiresInUnit.fromWireName(unitText);
        } catch (IllegalArgumentException e) {
            throw new InvalidProviderConfigException("token_response.expires_in_unit", e.getMessage());
        }
        return new TokenResponseSettings(unit, positiveSeconds(node, "default_ttl_seconds"),
                positiveSeconds(node, "refresh_token_ttl_seconds"),
                positiveSeconds(node, "refresh_token_idle_seconds"));
    }

    private static void putSeconds(ObjectNode node, String field, Duration value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toSeconds());
        }
    }

    /** A positive number of seconds of {@code token_response}, or null when absent or null. */
    private static Duration positiveSeconds(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        long seconds = seconds(node, field, "token_response." + field);
        if (seconds == 0) {
            throw new InvalidProviderConfigException("token_response." + field, "must be positive");
        }
        return Duration.ofSeconds(seconds);
    }

    private static RotationSettings rotation(JsonNode node) {
        if (node == null) {
            return RotationSettings.DEFAULT;
        }
        rejectUnknown(node, Set.of("rotates_refresh_token", "reuse_grace_seconds"), "rotation.");
        boolean rotates = bool(node, "rotates_refresh_token", true);
        JsonNode grace = node.get("reuse_grace_seconds");
        long seconds = grace == null || grace.isNull() ? 0 : seconds(node, "reuse_grace_seconds",
                "rotation.reuse_grace_seconds");
        return new RotationSettings(rotates, Duration.ofSeconds(seconds));
    }

    private static Set<Integer> statuses(JsonNode root) {
        JsonNode value = root.get("auth_failure_statuses");
        if (value == null || value.isNull()) {
            return Set.of(401);
        }
        if (!value.isArray() || value.isEmpty()) {
            throw new InvalidProviderConfigException("auth_failure_statuses", "must be a non-empty array of statuses");
        }
        Set<Integer> out = new LinkedHashSet<>();
        for (JsonNode item : value) {
            if (!item.isInt()) {
                throw new InvalidProviderConfigException("auth_failure_statuses", "must hold HTTP statuses (numbers)");
            }
            out.add(item.intValue());
        }
        return out;
    }

    private static ErrorExpression expression(JsonNode root) {
        String source = text(root, "error_expression");
        return source == null || source.isBlank() ? null : ErrorExpression.compile(source);
    }

    private static WhoamiCheck whoami(JsonNode node) {
        if (node == null) {
            return null;
        }
        rejectUnknown(node, Set.of("method", "path"), "whoami.");
        String method = text(node, "method");
        String path = text(node, "path");
        try {
            return new WhoamiCheck(method == null ? "GET" : method, path);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidProviderConfigException("whoami", path == null ? "path is required" : e.getMessage());
        }
    }

    private static AccountSettings account(JsonNode node) {
        if (node == null) {
            return AccountSettings.DEFAULT;
        }
        rejectUnknown(node, Set.of("token_field", "whoami_field", "allow_change"), "account.");
        JsonNode allow = node.get("allow_change");
        if (allow != null && !allow.isNull() && !allow.isBoolean()) {
            throw new InvalidProviderConfigException("account.allow_change", "must be true or false");
        }
        return new AccountSettings(nested(node, "token_field"), nested(node, "whoami_field"),
                allow != null && allow.booleanValue());
    }

    /** A text field of {@code account}, named with its prefix when it is not a string. */
    private static String nested(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value != null && !value.isNull() && !value.isTextual()) {
            throw new InvalidProviderConfigException("account." + field, "must be a string");
        }
        return value == null || value.isNull() ? null : value.textValue();
    }

    private static void putUrl(ObjectNode node, String field, URI url) {
        if (url == null) {
            node.putNull(field);
        } else {
            node.put(field, UrlTemplate.text(url));
        }
    }
}
