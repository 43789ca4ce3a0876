package dev.tokenkeeper.fake.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An HTTP server on loopback that receives webhooks: every request is recorded (method, path, headers, body) and
 * answered by the next scripted {@link Reply}, else by the standing answer ({@code 204} unless set).
 */
public final class WebhookReceiver implements AutoCloseable {
    /** The most bytes of a request body kept. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** The path {@link #url()} names; every path is received alike. */
    public static final String PATH = "/webhook";

    /** One request as it arrived; header names are lower case. */
    public record Received(String method, String path, Map<String, List<String>> headers, String body,
            Instant receivedAt) {
        public Received {
            headers = Map.copyOf(headers);
        }

        /** The first value of a header, or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.getFirst();
        }
    }

    /** An answer: a status, headers, a body, sent after a delay. */
    public record Reply(int status, Map<String, String> headers, String body, Duration delay) {
        public Reply {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(delay, "delay");
        }

        /** This status, no body, at once. */
        public static Reply status(int status) {
            return new Reply(status, Map.of(), "", Duration.ZERO);
        }

        public Reply withBody(String body) {
            return new Reply(status, headers, body, delay);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> more = new TreeMap<>(headers);
            more.put(name, value);
            return new Reply(status, more, body, delay);
        }

        public Reply after(Duration delay) {
            return new Reply(status, headers, body, delay);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Received> received = new ArrayList<>();
    private final ArrayDeque<Reply> scripted = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private Function<Received, Reply> standing = request -> Reply.status(204);
    private Consumer<Received> listener = request -> {};

    private WebhookReceiver(int port, InstantSource clock) throws IOException {
        this.clock = clock;
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("webhook-receiver-", 0).factory());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        this.server.setExecutor(executor);
        this.server.createContext("/", this::handle);
    }

    /** A receiver on a free loopback port. */
    public static WebhookReceiver start() {
        return start(0);
    }

    /** A receiver on this loopback port (0: any free one). */
    public static WebhookReceiver start(int port) {
        try {
            WebhookReceiver receiver = new WebhookReceiver(port, InstantSource.system());
            receiver.server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    /** Where to send webhooks: {@code http://127.0.0.1:<port>/webhook}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + PATH);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers the next requests with these replies, in order, before the standing answer. */
    public void answerNext(Reply... replies) {
        withLock(() -> scripted.addAll(List.of(replies)));
    }

    /** Answers every request not scripted with this reply. */
    public void answerAlways(Reply reply) {
        answerWith(request -> reply);
    }

    /** Answers every request not scripted with what this function makes of it (a demo checks signatures so). */
    public void answerWith(Function<Received, Reply> answer) {
        withLock(() -> standing = Objects.requireNonNull(answer, "answer"));
    }

    /** Calls {@code onRequest} with every request as it arrives, before it is answered. */
    public void onReceive(Consumer<Received> onRequest) {
        withLock(() -> listener = Objects.requireNonNull(onRequest, "onRequest"));
    }

    /** Every request so far, in arrival order. */
    public List<Received> received() {
        lock.lock();
        try {
            return List.copyOf(received);
        } finally {
            lock.unlock();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Received request = read(exchange);
            Reply reply;
            Consumer<Received> notify;
            lock.lock();
            try {
                received.add(request);
                notify = listener;
                reply = scripted.isEmpty() ? standing.apply(request) : scripted.poll();
            } finally {
                lock.unlock();
            }
            notify.accept(request);
            if (!reply.delay().isZero() && waitClosed(reply.delay())) {
                return;
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private Received read(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                List.copyOf(values)));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES);
        }
        return new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                new String(body, StandardCharsets.UTF_8), clock.instant());
    }

    /** Waits out a scripted delay; true when the receiver closed meanwhile (then no answer is sent). */
    private boolean waitClosed(Duration delay) {
        try {
            return closed.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void withLock(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        if (closed.getCount() > 0) {
            closed.countDown();
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
