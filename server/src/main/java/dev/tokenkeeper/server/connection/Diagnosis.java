package dev.tokenkeeper.server.connection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.ProviderUrlPolicy;
import dev.tokenkeeper.core.provider.WhoamiCheck;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Runs a connection's checks in order — provider config, connection state, a usable token, the provider's whoami
 * call — and names the zone of the first failure: {@code provider_config} (fix the config), {@code grant} (the user
 * must reconnect), {@code token_endpoint} (the provider's token endpoint fails; retries are scheduled) or
 * {@code provider_api} (the API itself fails). It never forces a refresh nor shows a token.
 */
public final class Diagnosis {
    /** The deadline of the whoami call. */
    public static final Duration WHOAMI_TIMEOUT = Duration.ofSeconds(10);

    private final ConnectionService connections;
    private final ProviderDirectory providers;
    private final RefreshEngine engine;
    private final InstantSource clock;
    private final HttpClient http;
    private final ProviderUrlPolicy urlPolicy;

    /** One check's result. */
    record Check(String name, String status, String detail) {}

    /** @param urlPolicy judges the whoami call's host just before it is sent, as the proxy does */
    public Diagnosis(ConnectionService connections, ProviderDirectory providers, RefreshEngine engine,
            InstantSource clock, ProviderUrlPolicy urlPolicy) {
        this.urlPolicy = Objects.requireNonNull(urlPolicy, "urlPolicy");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Diagnoses the connection; 404 when it does not exist. */
    public ObjectNode diagnose(String connectionId) {
        Connection connection = connections.get(connectionId);
        List<Check> checks = new ArrayList<>();
        String zone = run(connection, checks);
        ObjectNode report = Json.object();
        report.put("connection_id", connectionId);
        report.put("zone", zone);
        report.put("healthy", zone.equals("none"));
        report.put("summary", summary(zone));
        report.put("checked_at", clock.instant().toString());
        ArrayNode list = report.putArray("checks");
        for (Check check : checks) {
            list.addObject().put("name", check.name()).put("status", check.status()).put("detail", check.detail());
        }
        return report;
    }

    private String run(Connection connection, List<Check> checks) {
        Optional<ProviderConfig> provider = providers.find(connection.providerKey());
        if (provider.isEmpty()) {
            checks.add(new Check("provider_config", "fail", "no provider '" + connection.providerKey()
                    + "' is registered; PUT /v1/providers/" + connection.providerKey()));
            return "provider_config";
        }
        checks.add(new Check("provider_config", "pass", "provider '" + connection.providerKey() + "' is registered"));
        String stateZone = stateCheck(connection, checks);
        if (stateZone != null) {
            return stateZone;
        }
        TokenAnswer answer = engine.freshToken(connection.id());
        String tokenZone = tokenCheck(answer, checks);
        if (tokenZone != null) {
            return tokenZone;
        }
        return whoamiCheck(provider.get(), ((TokenAnswer.Fresh) answer).tokens().accessToken().reveal(), checks);
    }

    private static String stateCheck(Connection connection, List<Check> checks) {
        String why = connection.lastError() == null ? "" : ": " + connection.lastError().reason().code() + " — "
                + connection.lastError().reason().message();
        if (connection.state() == ConnectionState.NEEDS_REAUTH) {
            checks.add(new Check("connection_state", "fail", "needs_reauth" + why));
            return "grant";
        }
        if (connection.state() == ConnectionState.MISCONFIGURED) {
            checks.add(new Check("connection_state", "fail", "misconfigured" + why));
            return "provider_config";
        }
        checks.add(new Check("connection_state", "pass", "active"
                + (connection.consecutiveFailures() > 0 ? " (" + connection.consecutiveFailures()
                        + " retryable failures since the last success" + why + ")" : "")));
        return null;
    }

    private static String tokenCheck(TokenAnswer answer, List<Check> checks) {
        return switch (answer) {
            case TokenAnswer.Fresh fresh -> {
                checks.add(new Check("token", "pass", "a usable access token"
                        + (fresh.tokens().expiresAt() == null ? " (expiry unknown)"
                                : " until " + fresh.tokens().expiresAt())));
                yield null;
            }
            case TokenAnswer.Stale stale -> {
                checks.add(new Check("token", "fail", "the refresh made the connection " + stale.state().wireName()));
                yield stale.state() == ConnectionState.MISCONFIGURED ? "provider_config" : "grant";
            }
            case TokenAnswer.Unavailable unavailable -> {
                checks.add(new Check("token", "fail", "no usable token: " + unavailable.reason().code() + " — "
                        + unavailable.reason().message() + "; retry at " + unavailable.retryAt()));
                yield "token_endpoint";
            }
            case TokenAnswer.NotFound missing -> throw ApiProblem.notFound("connection", missing.connectionId());
        };
    }

    private String whoamiCheck(ProviderConfig provider, String accessToken, List<Check> checks) {
        WhoamiCheck whoami = provider.whoami();
        if (whoami == null || provider.apiBaseUrl() == null) {
            checks.add(new Check("whoami", "skip", "the provider config has no whoami call (or no api_base_url)"));
            return "none";
        }
        URI target = URI.create(provider.apiBaseUrl().toString().replaceAll("/+$", "") + whoami.path());
        Optional<String> refused = urlPolicy.refusalBeforeRequest(target);
        if (refused.isPresent()) {
            checks.add(new Check("whoami", "fail", "not called: the provider's api_base_url " + refused.get()));
            return "provider_api";
        }
        HttpRequest request = HttpRequest.newBuilder(target).timeout(WHOAMI_TIMEOUT)
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json")
                .method(whoami.method(), HttpRequest.BodyPublishers.noBody()).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            String what = whoami.method() + " " + whoami.path() + " answered " + status;
            if (status >= 200 && status < 300) {
                checks.add(new Check("whoami", "pass", what));
                return "none";
            }
            checks.add(new Check("whoami", "fail", what));
            return provider.authFailureStatuses().contains(status) || status == 403 ? "grant" : "provider_api";
        } catch (HttpTimeoutException e) {
            checks.add(new Check("whoami", "fail", whoami.path() + " did not answer within " + WHOAMI_TIMEOUT));
            return "provider_api";
        } catch (IOException e) {
            checks.add(new Check("whoami", "fail", "cannot reach " + target.getHost() + " (" + whyUnreachable(e)
                    + ")"));
            return "provider_api";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while diagnosing", e);
        }
    }

    /** The transport failure in words: a Java class name is no one's business. */
    private static String whyUnreachable(IOException e) {
        return switch (e) {
            case ConnectException refused -> "connection refused";
            case UnknownHostException unknown -> "unknown host";
            case SSLException tls -> "TLS failed";
            default -> "connection failed";
        };
    }

    private static String summary(String zone) {
        return switch (zone) {
            case "none" -> "the connection works: a usable token, accepted by the provider's API";
            case "provider_config" -> "the provider config is wrong or missing; fix it with PUT /v1/providers/{key}";
            case "grant" -> "the grant is dead or lacks access; the user must reconnect (POST /v1/connect-sessions)";
            case "token_endpoint" -> "the provider's token endpoint fails; Tokenkeeper retries with backoff";
            default -> "the provider's API fails while the token is fine; this is on the provider's side";
        };
    }
}
