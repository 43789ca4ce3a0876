package dev.tokenkeeper.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenkeeper.core.provider.TokenResponseSettings;
import dev.tokenkeeper.core.token.TokenParse;
import dev.tokenkeeper.core.token.TokenResponseParser;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Parsing a provider's token response ({@link TokenResponseParser}) against Jackson reading the same JSON tree. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ParseBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String body = "{\"access_token\":\"ya29.a0AfB_byC1bench2access3token4value5\",\"token_type\":"
            + "\"Bearer\",\"expires_in\":3599,\"refresh_token\":\"1//0gbench-refresh-token-value\",\"scope\":"
            + "\"openid email profile\",\"id_token\":\"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln\"}";
    private final String form = "access_token=gho_bench_access_token_value&token_type=bearer&expires_in=28800"
            + "&refresh_token=ghr_bench_refresh_token_value&scope=repo%2Cuser";
    private final Instant sentAt = Instant.parse("2026-01-01T10:00:00Z");

    /** A JSON token response, as most providers send. */
    @Benchmark
    public TokenParse parseJson() {
        return TokenResponseParser.parse("application/json", body, sentAt, TokenResponseSettings.DEFAULT);
    }

    /** A form-encoded token response, as GitHub sends by default. */
    @Benchmark
    public TokenParse parseForm() {
        return TokenResponseParser.parse("application/x-www-form-urlencoded", form, sentAt,
                TokenResponseSettings.DEFAULT);
    }

    /** The floor of the JSON case: Jackson reading the body into a tree, nothing interpreted. */
    @Benchmark
    public JsonNode baselineJacksonTree() throws IOException {
        return JSON.readTree(body);
    }
}
