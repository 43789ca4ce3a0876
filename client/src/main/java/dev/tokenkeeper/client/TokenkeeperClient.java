package dev.tokenkeeper.client;

import dev.tokenkeeper.client.action.Actions;
import dev.tokenkeeper.client.connect.ConnectSessions;
import dev.tokenkeeper.client.connect.ReconnectLinks;
import dev.tokenkeeper.client.connection.Connections;
import dev.tokenkeeper.client.internal.ApiCall;
import dev.tokenkeeper.client.internal.Transport;
import dev.tokenkeeper.client.provider.Providers;
import dev.tokenkeeper.client.webhook.WebhookEndpoints;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/** A thread-safe client of one Tokenkeeper service, built once with {@link #builder()}, its calls grouped by area. */
public final class TokenkeeperClient {
    private final Transport transport;
    private final Providers providers;
    private final Connections connections;
    private final ConnectSessions connectSessions;
    private final ReconnectLinks reconnectLinks;
    private final WebhookEndpoints webhookEndpoints;
    private final Actions actions;

    private TokenkeeperClient(Transport transport) {
        this.transport = transport;
        this.providers = new Providers(transport);
        this.connections = new Connections(transport);
        this.connectSessions = new ConnectSessions(transport);
        this.reconnectLinks = new ReconnectLinks(transport);
        this.webhookEndpoints = new WebhookEndpoints(transport);
        this.actions = new Actions(transport);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Providers providers() {
        return providers;
    }

    public Connections connections() {
        return connections;
    }

    public ConnectSessions connectSessions() {
        return connectSessions;
    }

    public ReconnectLinks reconnectLinks() {
        return reconnectLinks;
    }

    public WebhookEndpoints webhookEndpoints() {
        return webhookEndpoints;
    }

    public Actions actions() {
        return actions;
    }

    /** {@code GET /v1/openapi.yaml}: the service's own OpenAPI document, the reference of every shape. */
    public String openApiDocument() {
        return transport.text(ApiCall.get("/v1/openapi.yaml"));
    }

    /** Builds a {@link TokenkeeperClient}; the base URL and the API key are required. */
    public static final class Builder {
        private URI baseUrl;
        private Secret apiKey;
        private HttpClient httpClient;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxRetries = RetryPolicy.DEFAULT.maxRetries();
        private Duration maxRetryWait = RetryPolicy.DEFAULT.maxWait();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private InstantSource clock = InstantSource.system();

        private Builder() {}

        /** The service's base URL, e.g. {@code http://127.0.0.1:7780}. */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = Secret.of(apiKey);
            return this;
        }

        /** The HTTP client to send with (default: a new one, HTTP/1.1, 10 s connect timeout). */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** How long one request may take until its answer's headers (default 30 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
            return this;
        }

        /** How many times a 429 or 503 with {@code Retry-After} is retried (default 2; 0: never). */
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** The most one call waits for {@code Retry-After}s in all (default 30 s); a longer wait is thrown instead. */
        public Builder maxRetryWait(Duration maxRetryWait) {
            this.maxRetryWait = Objects.requireNonNull(maxRetryWait, "maxRetryWait");
            return this;
        }

        /** What waits out a {@code Retry-After} (default: {@link Sleeper#SYSTEM}). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The clock an HTTP-date {@code Retry-After} is read against (default: the system clock). */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public TokenkeeperClient build() {
            Objects.requireNonNull(baseUrl, "baseUrl is required");
            Objects.requireNonNull(apiKey, "apiKey is required");
            HttpClient http = httpClient != null ? httpClient : HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            return new TokenkeeperClient(new Transport(new Transport.Settings(baseUrl, apiKey, http, requestTimeout,
                    new RetryPolicy(maxRetries, maxRetryWait), sleeper, clock)));
        }
    }
}
