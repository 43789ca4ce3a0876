package dev.tokenkeeper.postgres.instances;

import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.postgres.instances.GetSummary.Kind;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Counts the answers of one command's callers (on one thread) into a {@link GetSummary}. */
final class AnswerTally {
    private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    private final SortedSet<String> fingerprints = new TreeSet<>();
    private final SortedMap<String, Integer> reasons = new TreeMap<>();

    void add(TokenAnswer answer) {
        switch (answer) {
            case TokenAnswer.Fresh fresh -> {
                count(Kind.FRESH, null);
                fingerprints.add(fresh.tokens().accessToken().fingerprint());
            }
            case TokenAnswer.Stale stale -> count(Kind.STALE, stale.state().wireName()
                    + (stale.lastError() == null ? "" : "/" + stale.lastError().reason().code()));
            case TokenAnswer.Unavailable unavailable -> count(Kind.UNAVAILABLE, unavailable.reason().code());
            case TokenAnswer.NotFound notFound -> count(Kind.NOT_FOUND, null);
        }
    }

    /** A caller that threw: counted with the exception's type (its message might quote a provider's body). */
    void failed(Throwable error) {
        count(Kind.FAILED, error.getClass().getSimpleName());
    }

    void timedOut() {
        count(Kind.TIMED_OUT, null);
    }

    GetSummary summary() {
        return new GetSummary(counts, fingerprints, reasons);
    }

    private void count(Kind kind, String reason) {
        counts.merge(kind, 1, Integer::sum);
        if (reason != null) {
            reasons.merge(reason.replaceAll("[\\s,:=]", "_"), 1, Integer::sum);
        }
    }
}
