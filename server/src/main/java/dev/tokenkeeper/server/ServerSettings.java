package dev.tokenkeeper.server;

import dev.tokenkeeper.core.provider.ProviderUrlPolicy;
import dev.tokenkeeper.core.refresh.Escalation;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.setup.InvalidSettingException;
import dev.tokenkeeper.server.action.ActionSettings;
import dev.tokenkeeper.server.connect.RedirectOrigins;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;

/**
 * How the service listens and presents itself, from API.md's environment variables.
 *
 * @param bind      {@code TOKENKEEPER_BIND}: the address to listen on
 * @param port      {@code TOKENKEEPER_PORT}: the HTTP port, 0 for any free one
 * @param publicUrl {@code TOKENKEEPER_PUBLIC_URL}: the base of the OAuth callback URL, as browsers reach it
 * @param apiKey    {@code TOKENKEEPER_API_KEY}: the admin API key, or null to use (or generate) the one in the data
 *                  directory
 * @param allowPrivateUrls {@code TOKENKEEPER_ALLOW_PRIVATE_URLS}: provider URLs may use plain http, loopback and
 *                  private addresses (development, tests, the demo, a provider inside your network)
 * @param redirectOrigins {@code TOKENKEEPER_REDIRECT_ORIGINS}: where {@code redirect_after} may send a browser
 * @param escalation {@code TOKENKEEPER_REFRESH_FAILING_AFTER} (default 3 days) and
 *                  {@code TOKENKEEPER_UNREACHABLE_AFTER} (default 1 hour): when lasting retryable failures become
 *                  {@code refresh_failing}, and when an unreachable token host becomes a config fault
 * @param actions   {@code TOKENKEEPER_ACTION_RETENTION} and {@code TOKENKEEPER_ACTION_CONCURRENCY}: how actions run
 * @param tokenPath {@code TOKENKEEPER_CONNECTION_CACHE_SIZE}, {@code TOKENKEEPER_CONNECTION_CACHE_TTL} and
 *                  {@code TOKENKEEPER_REFRESH_AHEAD}: the connection cache and the refreshes ahead at once
 */
public record ServerSettings(String bind, int port, URI publicUrl, Secret apiKey, boolean allowPrivateUrls,
        RedirectOrigins redirectOrigins, Escalation escalation, ActionSettings actions, TokenPathSettings tokenPath) {
    public static final String BIND = "TOKENKEEPER_BIND";
    public static final String PORT = "TOKENKEEPER_PORT";
    public static final String PUBLIC_URL = "TOKENKEEPER_PUBLIC_URL";
    public static final String API_KEY = "TOKENKEEPER_API_KEY";
    public static final String ALLOW_PRIVATE_URLS = ProviderUrlPolicy.SETTING;
    public static final String REDIRECT_ORIGINS = RedirectOrigins.SETTING;
    public static final String REFRESH_FAILING_AFTER = "TOKENKEEPER_REFRESH_FAILING_AFTER";
    public static final String UNREACHABLE_AFTER = "TOKENKEEPER_UNREACHABLE_AFTER";
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 7780;
    /** The shortest admin key accepted from the environment. */
    public static final int MIN_API_KEY_LENGTH = 24;

    public ServerSettings {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(redirectOrigins, "redirectOrigins");
        escalation = escalation == null ? Escalation.DEFAULT : escalation;
        actions = actions == null ? ActionSettings.DEFAULT : actions;
        tokenPath = tokenPath == null ? TokenPathSettings.DEFAULT : tokenPath;
        Objects.requireNonNull(publicUrl, "publicUrl");
        if (port < 0 || port > 65_535) {
            throw new InvalidSettingException(PORT, "must be from 0 to 65535, not " + port);
        }
        String scheme = publicUrl.getScheme();
        if (!publicUrl.isAbsolute() || publicUrl.getHost() == null
                || !("http".equals(scheme) || "https".equals(scheme)) || publicUrl.getRawQuery() != null
                || publicUrl.getRawFragment() != null) {
            throw new InvalidSettingException(PUBLIC_URL, "must be an absolute http or https URL without query or"
                    + " fragment, such as http://127.0.0.1:7780");
        }
        if (apiKey != null && apiKey.reveal().length() < MIN_API_KEY_LENGTH) {
            throw new InvalidSettingException(API_KEY, "must be at least " + MIN_API_KEY_LENGTH + " characters");
        }
    }

    /** Settings with the default token path. */
    public ServerSettings(String bind, int port, URI publicUrl, Secret apiKey, boolean allowPrivateUrls,
            RedirectOrigins redirectOrigins, Escalation escalation, ActionSettings actions) {
        this(bind, port, publicUrl, apiKey, allowPrivateUrls, redirectOrigins, escalation, actions, null);
    }

    /** Settings with private provider URLs refused and {@code redirect_after} unrestricted by a list. */
    public ServerSettings(String bind, int port, URI publicUrl, Secret apiKey) {
        this(bind, port, publicUrl, apiKey, false, RedirectOrigins.unset(), Escalation.DEFAULT, null);
    }

    /** Settings with the default escalation. */
    public ServerSettings(String bind, int port, URI publicUrl, Secret apiKey, boolean allowPrivateUrls,
            RedirectOrigins redirectOrigins) {
        this(bind, port, publicUrl, apiKey, allowPrivateUrls, redirectOrigins, Escalation.DEFAULT, null);
    }

    /** Reads the settings from environment variables (a blank value counts as unset). */
    public static ServerSettings fromEnvironment(Map<String, String> environment) {
        String bind = value(environment, BIND, DEFAULT_BIND);
        int port = port(value(environment, PORT, Integer.toString(DEFAULT_PORT)));
        String publicUrl = value(environment, PUBLIC_URL, "http://127.0.0.1:" + (port == 0 ? DEFAULT_PORT : port));
        String apiKey = value(environment, API_KEY, null);
        return new ServerSettings(bind, port, uri(publicUrl), Secret.ofNullable(apiKey),
                bool(ALLOW_PRIVATE_URLS, value(environment, ALLOW_PRIVATE_URLS, "false")),
                redirectOrigins(value(environment, REDIRECT_ORIGINS, null)),
                new Escalation(
                        SettingDuration.parse(REFRESH_FAILING_AFTER, value(environment, REFRESH_FAILING_AFTER, null),
                                Escalation.DEFAULT.refreshFailingAfter()),
                        SettingDuration.parse(UNREACHABLE_AFTER, value(environment, UNREACHABLE_AFTER, null),
                                Escalation.DEFAULT.unreachableAfter())),
                ActionSettings.DEFAULT
                        .withRetention(SettingDuration.parse(ActionSettings.RETENTION,
                                value(environment, ActionSettings.RETENTION, null), ActionSettings.DEFAULT_RETENTION))
                        .withConcurrency(SettingValues.wholeNumber(ActionSettings.CONCURRENCY,
                                value(environment, ActionSettings.CONCURRENCY, null),
                                ActionSettings.DEFAULT_CONCURRENCY, 1, ActionSettings.MAX_CONCURRENCY)),
                TokenPathSettings.fromEnvironment(environment));
    }

    /** The same settings with other action settings (tests shorten the backoff). */
    public ServerSettings withActions(ActionSettings newActions) {
        return new ServerSettings(bind, port, publicUrl, apiKey, allowPrivateUrls, redirectOrigins, escalation,
                newActions, tokenPath);
    }

    /** The same settings with another escalation (tests shorten it). */
    public ServerSettings withEscalation(Escalation newEscalation) {
        return new ServerSettings(bind, port, publicUrl, apiKey, allowPrivateUrls, redirectOrigins, newEscalation,
                actions, tokenPath);
    }

    /** The same settings with private provider URLs allowed or not (tests and the demo allow them). */
    public ServerSettings withAllowPrivateUrls(boolean allow) {
        return new ServerSettings(bind, port, publicUrl, apiKey, allow, redirectOrigins, escalation, actions,
                tokenPath);
    }

    /** The same settings with other allowed {@code redirect_after} origins. */
    public ServerSettings withRedirectOrigins(RedirectOrigins origins) {
        return new ServerSettings(bind, port, publicUrl, apiKey, allowPrivateUrls, origins, escalation, actions,
                tokenPath);
    }

    /** The same settings on another port (0 picks a free one), for tests and the demo. */
    public ServerSettings withPort(int newPort) {
        return new ServerSettings(bind, newPort, publicUrl, apiKey, allowPrivateUrls, redirectOrigins, escalation,
                actions, tokenPath);
    }

    /** The same settings with another public URL (once the real port is known). */
    public ServerSettings withPublicUrl(URI newPublicUrl) {
        return new ServerSettings(bind, port, newPublicUrl, apiKey, allowPrivateUrls, redirectOrigins, escalation,
                actions, tokenPath);
    }

    /** The same settings with another token path (tests and the bench set the cache and the refreshes ahead). */
    public ServerSettings withTokenPath(TokenPathSettings newTokenPath) {
        return new ServerSettings(bind, port, publicUrl, apiKey, allowPrivateUrls, redirectOrigins, escalation,
                actions, newTokenPath);
    }

    /** Where providers send the user back after authorization. */
    public URI callbackUrl() {
        String base = publicUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/oauth/callback");
    }

    private static String value(Map<String, String> environment, String variable, String fallback) {
        return SettingValues.value(environment, variable, fallback);
    }

    private static boolean bool(String variable, String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(variable, "must be true or false, not '" + value + "'");
        };
    }

    private static RedirectOrigins redirectOrigins(String value) {
        if (value == null) {
            return RedirectOrigins.unset();
        }
        try {
            return RedirectOrigins.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(REDIRECT_ORIGINS, e.getMessage());
        }
    }

    private static int port(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(PORT, "must be a whole number, not '" + value + "'");
        }
    }

    private static URI uri(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(PUBLIC_URL, "is not a valid URL (" + e.getReason() + ")");
        }
    }
}
