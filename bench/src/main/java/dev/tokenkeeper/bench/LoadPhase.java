package dev.tokenkeeper.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * One phase of a load run: {@code concurrency} virtual-thread clients, each sending one request at a time for a
 * connection picked at random and waiting for the answer (a closed loop), first for the warm-up, unmeasured, then for
 * the phase. Every loop ends at its deadline; a request never outlives {@link #REQUEST_TIMEOUT} after it.
 */
final class LoadPhase {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final long HIGHEST_MICROS = Duration.ofMinutes(1).toNanos() / 1000;

    private final HttpClient client;
    private final BenchSettings settings;
    private final List<BenchTarget.Imported> connections;

    /** What one client counted: answers, errors and the latency of the answers. */
    private record Tally(long requests, long errors, Histogram micros) {}

    LoadPhase(HttpClient client, BenchSettings settings, List<BenchTarget.Imported> connections) {
        this.client = client;
        this.settings = settings;
        this.connections = List.copyOf(connections);
    }

    /** Runs the warm-up, then the measured phase, of the requests {@code request} builds for a connection. */
    PhaseResult run(String name, Function<BenchTarget.Imported, HttpRequest> request) throws InterruptedException {
        drive(request, settings.warmup());
        long started = System.nanoTime();
        List<Tally> tallies = drive(request, settings.phase());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        Histogram micros = new Histogram(HIGHEST_MICROS, 3);
        long requests = 0;
        long errors = 0;
        for (Tally tally : tallies) {
            micros.add(tally.micros());
            requests += tally.requests();
            errors += tally.errors();
        }
        return new PhaseResult(name, requests, errors, elapsed, Latency.of(micros));
    }

    private List<Tally> drive(Function<BenchTarget.Imported, HttpRequest> request, Duration duration)
            throws InterruptedException {
        if (duration.isZero()) {
            return List.of();
        }
        long deadline = System.nanoTime() + duration.toNanos();
        List<Tally> tallies = new ArrayList<>(settings.concurrency());
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Tally>> running = new ArrayList<>(settings.concurrency());
            for (int i = 0; i < settings.concurrency(); i++) {
                running.add(clients.submit(() -> loop(request, deadline)));
            }
            for (Future<Tally> client : running) {
                tallies.add(client.get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a load client failed", e.getCause());
        }
        return tallies;
    }

    private Tally loop(Function<BenchTarget.Imported, HttpRequest> request, long deadline) throws InterruptedException {
        Histogram micros = new Histogram(HIGHEST_MICROS, 3);
        long requests = 0;
        long errors = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < deadline) {
            HttpRequest next = request.apply(connections.get(random.nextInt(connections.size())));
            long sent = System.nanoTime();
            try {
                HttpResponse<Void> answer = client.send(next, HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() / 100 == 2) {
                    micros.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - sent) / 1000));
                    requests++;
                } else {
                    errors++;
                }
            } catch (IOException e) {
                errors++;
            }
        }
        return new Tally(requests, errors, micros);
    }
}
