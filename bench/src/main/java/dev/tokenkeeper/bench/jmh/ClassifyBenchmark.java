package dev.tokenkeeper.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.Backoff;
import dev.tokenkeeper.core.refresh.FailureClassifier;
import dev.tokenkeeper.core.refresh.RefreshOutcome;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Classifying a failed refresh ({@link FailureClassifier#classify}) for the common answers, against Jackson reading
 * the same error body (the part of the work any classifier must do).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClassifyBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Param({"invalid_grant", "rate_limited", "server_error"})
    String answer;

    private final FailureClassifier classifier = new FailureClassifier(Backoff.DEFAULT);
    private final ProviderConfig provider = ProviderConfig.builder("bench")
            .tokenUrl(URI.create("https://auth.bench.test/token")).clientId("client-1").build();
    private final SplittableRandom random = new SplittableRandom(1);
    private TokenEndpointReply.HttpReply reply;

    @Setup
    public void setUp() {
        reply = switch (answer) {
            case "invalid_grant" -> reply(400, "{\"error\":\"invalid_grant\",\"error_description\":"
                    + "\"Token has been expired or revoked.\"}");
            case "rate_limited" -> reply(429, "{\"error\":\"rate_limit_exceeded\"}", "Retry-After", "30");
            case "server_error" -> reply(503, "{\"error\":\"temporarily_unavailable\"}");
            default -> throw new IllegalArgumentException(answer);
        };
    }

    @Benchmark
    public RefreshOutcome classify() {
        return classifier.classify(reply, provider, 0, random);
    }

    /** The floor: Jackson reading the error body into a tree. */
    @Benchmark
    public JsonNode baselineJacksonTree() throws IOException {
        return JSON.readTree(reply.body());
    }

    private static TokenEndpointReply.HttpReply reply(int status, String body, String... header) {
        Map<String, List<String>> headers = header.length == 0
                ? Map.of("Content-Type", List.of("application/json"))
                : Map.of("Content-Type", List.of("application/json"), header[0], List.of(header[1]));
        return new TokenEndpointReply.HttpReply(status, headers, body, Instant.parse("2026-01-01T10:00:00Z"),
                Duration.ofMillis(40));
    }
}
