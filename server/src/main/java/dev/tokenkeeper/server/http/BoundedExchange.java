package dev.tokenkeeper.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * One outgoing HTTP/1.1 exchange that cannot hang or flood us: redirects are not followed, the whole exchange (the
 * answer's body included) has a deadline, and at most a bounded number of bytes of the answer are read. A failure is
 * said in words, never with a Java class name. Used for calls Tokenkeeper makes on its own behalf (a provider's whoami
 * call, a webhook delivery).
 */
public final class BoundedExchange implements AutoCloseable {

    /** What came back. */
    public sealed interface Outcome {}

    /**
     * An answer.
     *
     * @param truncated the body was longer than the bound and was cut there
     */
    public record Answered(int status, Map<String, List<String>> headers, String body, boolean truncated)
            implements Outcome {}

    /**
     * No answer.
     *
     * @param why         what went wrong, in words
     * @param hostUnknown the host name does not resolve
     */
    public record Failed(String why, boolean hostUnknown) implements Outcome {}

    private final Duration deadline;
    private final int maxBodyBytes;
    private final String threadName;
    private final HttpClient http;

    /** @param threadName names the virtual thread of each exchange (for thread dumps) */
    public BoundedExchange(Duration deadline, int maxBodyBytes, String threadName) {
        this.deadline = deadline;
        this.maxBodyBytes = maxBodyBytes;
        this.threadName = threadName;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(deadline.compareTo(Duration.ofSeconds(5)) < 0 ? deadline : Duration.ofSeconds(5))
                .build();
    }

    /** Sends {@code request} (its own timeout is overridden by the deadline) and reads the bounded answer. */
    public Outcome exchange(HttpRequest.Builder request) throws InterruptedException {
        HttpRequest built = request.timeout(deadline).build();
        AtomicReference<InputStream> opened = new AtomicReference<>();
        FutureTask<Answered> exchange = new FutureTask<>(() -> send(built, opened));
        Thread.ofVirtual().name(threadName).start(exchange);
        try {
            return exchange.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            closeQuietly(opened.get());
            return new Failed(noAnswerWithin(), false);
        } catch (ExecutionException e) {
            return new Failed(why(e.getCause()), hostUnknown(e.getCause()));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            closeQuietly(opened.get());
            throw e;
        }
    }

    private Answered send(HttpRequest request, AtomicReference<InputStream> opened)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            opened.set(in);
            byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            boolean truncated = bytes.length > maxBodyBytes;
            String text = new String(bytes, 0, Math.min(bytes.length, maxBodyBytes), StandardCharsets.UTF_8);
            return new Answered(response.statusCode(), response.headers().map(), text, truncated);
        }
    }

    /** True when the failure is a name that does not resolve (the JDK client wraps it in a ConnectException). */
    private static boolean hostUnknown(Throwable failure) {
        for (Throwable link = failure; link != null; link = link.getCause()) {
            if (link instanceof UnknownHostException || link instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    private String why(Throwable failure) {
        if (hostUnknown(failure)) {
            return "host does not resolve";
        }
        return switch (failure) {
            case HttpTimeoutException timedOut -> noAnswerWithin();
            case ConnectException refused -> "connection refused";
            case SSLException tls -> "TLS failed";
            default -> "connection failed";
        };
    }

    private String noAnswerWithin() {
        return "no complete answer within " + (deadline.toMillis() % 1000 == 0 ? deadline.toSeconds() + " s"
                : deadline.toMillis() + " ms");
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            // the answer is abandoned either way
        }
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
