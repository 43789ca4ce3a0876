package dev.tokenkeeper.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Measured measured = new Measured(name);
        measured.add(request, settings.phase());
        return measured.result();
    }

    /**
     * Runs the warm-up of each kind of request, then {@code windows} rounds in which each kind is measured in turn
     * for its share of the phase, so a noisy moment of the shared machine falls on every kind alike; each kind's
     * windows are added up into one result, in the order given.
     */
    List<PhaseResult> alternate(Map<String, Function<BenchTarget.Imported, HttpRequest>> kinds, int windows)
            throws InterruptedException {
        Map<String, Measured> measured = new LinkedHashMap<>();
        for (Map.Entry<String, Function<BenchTarget.Imported, HttpRequest>> kind : kinds.entrySet()) {
            drive(kind.getValue(), settings.warmup());
            measured.put(kind.getKey(), new Measured(kind.getKey()));
        }
        Duration window = settings.phase().dividedBy(windows);
        for (int round = 0; round < windows; round++) {
            for (Map.Entry<String, Function<BenchTarget.Imported, HttpRequest>> kind : kinds.entrySet()) {
                measured.get(kind.getKey()).add(kind.getValue(), window);
            }
        }
        List<PhaseResult> results = new ArrayList<>();
        for (Measured one : measured.values()) {
            results.add(one.result());
        }
        return results;
    }

    /** The sum of one kind's measured windows. */
    private final class Measured {
        private final String name;
        private final Histogram micros = new Histogram(HIGHEST_MICROS, 3);
        private long requests;
        private long errors;
        private long nanos;

        Measured(String name) {
            this.name = name;
        }

        void add(Function<BenchTarget.Imported, HttpRequest> request, Duration duration) throws InterruptedException {
            long started = System.nanoTime();
            List<Tally> tallies = drive(request, duration);
            nanos += System.nanoTime() - started;
            for (Tally tally : tallies) {
                micros.add(tally.micros());
                requests += tally.requests();
                errors += tally.errors();
            }
        }

        PhaseResult result() {
            return new PhaseResult(name, requests, errors, Duration.ofNanos(nanos), Latency.of(micros));
        }
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
