package dev.tokenkeeper.core.refresh;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;

/**
 * A response body read into memory up to a cap and a deadline, without a thread of its own: the bytes past the cap
 * are not read (the subscription is cancelled, which closes the connection) and the body is the first {@code cap}
 * bytes; a body still incomplete at the deadline fails with an {@link HttpTimeoutException} (at most a tick of
 * {@link BodyDeadlines} late), and is cancelled too.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int cap;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> read = new CompletableFuture<>();
    private final CompletionStage<byte[]> body;
    private volatile Flow.Subscription subscription;

    private CappedBody(int cap, long giveUpAt, String late) {
        this.cap = cap;
        this.body = read.handle((complete, failure) -> {
            if (failure == null) {
                return complete;
            }
            Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause() : failure;
            throw new CompletionException(cause instanceof TimeoutException ? new HttpTimeoutException(late) : cause);
        });
        BodyDeadlines.failLate(read, giveUpAt);
    }

    /**
     * A handler for one exchange whose body is capped at {@code cap} bytes, whatever the status, and must be complete
     * by {@code giveUpAt} (a {@link System#nanoTime()} reading); {@code late} is the timeout's message.
     */
    static Reading reading(int cap, long giveUpAt, String late) {
        if (cap < 0) {
            throw new IllegalArgumentException("cap must not be negative");
        }
        return new Reading(cap, giveUpAt, late);
    }

    /** The body handler of one exchange, which can stop reading the body once the exchange has failed. */
    static final class Reading implements HttpResponse.BodyHandler<byte[]> {
        private final int cap;
        private final long giveUpAt;
        private final String late;
        private volatile CappedBody subscriber;

        private Reading(int cap, long giveUpAt, String late) {
            this.cap = cap;
            this.giveUpAt = giveUpAt;
            this.late = late;
        }

        @Override
        public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
            CappedBody created = new CappedBody(cap, giveUpAt, late);
            subscriber = created;
            return created;
        }

        /** Stops reading the body, if it is being read (after a timeout, say); that closes the connection. */
        void cancel() {
            CappedBody current = subscriber;
            if (current != null) {
                current.cancel();
            }
        }
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (read.isDone()) {
            subscription.cancel();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            int take = Math.min(buffer.remaining(), cap - bytes.size());
            byte[] chunk = new byte[take];
            buffer.get(chunk);
            bytes.writeBytes(chunk);
        }
        if (bytes.size() >= cap) {
            read.complete(bytes.toByteArray());
            cancel();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable failure) {
        read.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        read.complete(bytes.toByteArray());
    }

    private void cancel() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }
}
