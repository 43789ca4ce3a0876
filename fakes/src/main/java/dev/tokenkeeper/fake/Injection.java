package dev.tokenkeeper.fake;

import java.time.Duration;

/** What a token request answers instead of being processed normally. */
sealed interface Injection {

    /** Answers this reply verbatim. */
    record Answer(HttpReply reply) implements Injection {
        public Answer {
            if (reply.dropped()) {
                throw new IllegalArgumentException("an injected answer must answer");
            }
        }
    }

    /** Hangs for the duration (null: until the provider closes), then answers normally or drops. */
    record Hang(Duration duration, AfterHang then) implements Injection {
        public Hang {
            if (duration != null && duration.isNegative()) {
                throw new IllegalArgumentException("negative hang: " + duration);
            }
            if (then == null) {
                throw new IllegalArgumentException("then is required");
            }
        }
    }
}
