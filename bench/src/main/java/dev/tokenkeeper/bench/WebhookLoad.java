package dev.tokenkeeper.bench;

import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.Tokenkeeper;
import dev.tokenkeeper.fake.FakeProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The work of the webhook benchmark: connections imported in-process, and a fixed number of HTTP requests sent by
 * closed-loop virtual-thread clients (each sends the next request once it has its answer), timed per request.
 */
final class WebhookLoad {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final long HIGHEST_MICROS = Duration.ofMinutes(30).toNanos() / 1000;

    private WebhookLoad() {}

    /** One piece of work, by its index. */
    @FunctionalInterface
    interface Task<T> {
        T run(int index) throws IOException, InterruptedException;
    }

    /** {@code count} requests sent, how many were not 2xx, how long they took in all and each. */
    record Sent(int count, int errors, Duration elapsed, Histogram micros) {
        double perSecond() {
            return count / (elapsed.toNanos() / 1e9);
        }
    }

    /** Imports {@code count} connections named {@code prefix-00000}… (eight at a time); returns their ids. */
    static List<String> importConnections(Tokenkeeper tokenkeeper, FakeProvider provider, String prefix, int count)
            throws InterruptedException {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add("%s-%05d".formatted(prefix, i));
        }
        run(8, count, i -> {
            BenchTarget.importOne(tokenkeeper, provider, ids.get(i));
            return true;
        });
        return ids;
    }

    /** Sends the requests {@code request} builds for 0…count-1 from {@code clients} closed-loop clients. */
    static Sent send(HttpClient client, int clients, int count, IntFunction<HttpRequest> request)
            throws InterruptedException {
        Histogram micros = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        long started = System.nanoTime();
        List<Boolean> answers = run(clients, count, i -> {
            long sent = System.nanoTime();
            boolean ok;
            try {
                HttpResponse<Void> answer = client.send(request.apply(i), HttpResponse.BodyHandlers.discarding());
                ok = answer.statusCode() / 100 == 2;
            } catch (IOException e) {
                ok = false;
            }
            long took = Math.min(HIGHEST_MICROS, (System.nanoTime() - sent) / 1000);
            micros.recordValue(took);
            return ok;
        });
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        int errors = (int) answers.stream().filter(ok -> !ok).count();
        return new Sent(count, errors, elapsed, micros);
    }

    /**
     * Sends the requests {@code request} builds for 0…count-1 at a steady {@code perSecond} (an open loop: each on
     * its own virtual thread at its time, whether or not the ones before have been answered).
     */
    static Sent pace(HttpClient client, int perSecond, int count, IntFunction<HttpRequest> request)
            throws InterruptedException {
        Histogram micros = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        AtomicInteger errors = new AtomicInteger();
        long started = System.nanoTime();
        long interval = 1_000_000_000L / perSecond;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                long due = started + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait)); // keeping the pace, not waiting for a result
                }
                HttpRequest next = request.apply(i);
                threads.submit(() -> {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<Void> answer = client.send(next, HttpResponse.BodyHandlers.discarding());
                        if (answer.statusCode() / 100 != 2) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    }
                    micros.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - sent) / 1000));
                    return null;
                });
            }
        }
        return new Sent(count, errors.get(), Duration.ofNanos(System.nanoTime() - started), micros);
    }

    /** An authorized request to Tokenkeeper's API. */
    static HttpRequest.Builder api(URI base, Secret apiKey, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + apiKey.reveal());
    }

    /** A POST of a webhook as the dispatcher sends it: the same body and headers. */
    static HttpRequest webhook(URI url, String body, Map<String, String> headers) {
        HttpRequest.Builder post = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(post::header);
        return post.build();
    }

    /** Runs {@code task} for 0…count-1 on {@code workers} virtual threads taking the next index in turn. */
    private static <T> List<T> run(int workers, int count, Task<T> task) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<T> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<T>>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                done.add(threads.submit(() -> {
                    List<T> mine = new ArrayList<>();
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        mine.add(task.run(i));
                    }
                    return mine;
                }));
            }
            for (Future<List<T>> each : done) {
                results.addAll(each.get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a benchmark worker failed", e.getCause());
        }
        return results;
    }
}
