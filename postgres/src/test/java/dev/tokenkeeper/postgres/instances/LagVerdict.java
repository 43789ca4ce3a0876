package dev.tokenkeeper.postgres.instances;

import dev.tokenkeeper.postgres.ExpiryWatch.Expired;
import dev.tokenkeeper.postgres.instances.BacklogWatch.BacklogSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the product promises about expiry under due-work lag, judged for each token that expired while its
 * connection had no failure: that is allowed only when, during the token's margin (from its refresh's due time to its
 * expiry), the deployment had due work of other connections waiting to be claimed at least as long as the margin
 * minus the time a refresh may take, and an instance logged a lag warning by then. Otherwise the expiry is the
 * product's fault, whatever the load.
 *
 * @param excused   each excused connection with the lag that excuses it
 * @param unexcused each unexcused connection with why
 */
public record LagVerdict(Map<String, String> excused, Map<String, String> unexcused) {
    /** How far back before a token's due time a lag warning still counts (a warning is logged once per episode). */
    static final Duration WARNING_LOOKBACK = Duration.ofMinutes(4);

    /**
     * @param expired          tokens that expired while healthy, by connection id
     * @param backlog          the deployment's waiting due work over time ({@link BacklogWatch})
     * @param warnings         the rising lag lines the instances logged
     * @param refreshAllowance how long a refresh may take after its claim (its HTTP deadline and commit)
     * @param promisedMargin   the least margin the expiry policy promises for these tokens: a refresh due later than
     *                         that is the product's fault, whatever the lag
     */
    public static LagVerdict judge(Map<String, Expired> expired, List<BacklogSample> backlog,
            List<TimedLine> warnings, Duration refreshAllowance, Duration promisedMargin) {
        Map<String, String> excused = new TreeMap<>();
        Map<String, String> unexcused = new TreeMap<>();
        expired.forEach((id, token) -> {
            if (token.dueAt() == null || !token.dueAt().isBefore(token.expiresAt())) {
                unexcused.put(id, "its refresh was not due before it expired (due " + token.dueAt() + ", expiry "
                        + token.expiresAt() + ")");
                return;
            }
            Duration margin = Duration.between(token.dueAt(), token.expiresAt());
            Duration allowed = margin.minus(refreshAllowance);
            Duration lag = worstLag(id, token, backlog);
            boolean warned = warnings.stream().anyMatch(line -> !line.at().isBefore(token.dueAt().minus(
                    WARNING_LOOKBACK)) && !line.at().isAfter(token.expiresAt().plus(refreshAllowance)));
            String numbers = "margin " + margin.toMillis() + " ms, others waited up to " + lag.toMillis() + " ms";
            if (margin.compareTo(promisedMargin) < 0) {
                unexcused.put(id, numbers + ": its refresh was due later than the policy promises ("
                        + promisedMargin.toMillis() + " ms before expiry)");
            } else if (lag.compareTo(allowed) < 0) {
                unexcused.put(id, numbers + ": less than the margin allowed (" + allowed.toMillis() + " ms)");
            } else if (!warned) {
                unexcused.put(id, numbers + ", but no instance logged a lag warning");
            } else {
                excused.put(id, numbers);
            }
        });
        return new LagVerdict(excused, unexcused);
    }

    /** The longest other connections waited to be claimed while this token's refresh was due and it still lived. */
    private static Duration worstLag(String id, Expired token, List<BacklogSample> backlog) {
        Instant from = token.dueAt();
        Instant to = token.expiresAt();
        return backlog.stream().filter(sample -> !sample.at().isBefore(from) && !sample.at().isAfter(to))
                .map(sample -> sample.waitExcluding(id)).max(Duration::compareTo).orElse(Duration.ZERO);
    }
}
