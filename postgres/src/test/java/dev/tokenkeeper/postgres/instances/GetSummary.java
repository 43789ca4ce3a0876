package dev.tokenkeeper.postgres.instances;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the callers of one {@code get} command were answered: how many got each kind of answer, the fingerprints
 * of the access tokens served (never a token), and why the others were not served.
 *
 * <p>On the wire it is one line of {@code name=value} words, every kind always present:
 * {@code fresh=100 stale=0 unavailable=0 not_found=0 failed=0 timed_out=0 fingerprints=sha256:…,sha256:…
 * reasons=refresh_in_progress:2,IllegalStateException:1}.
 */
public record GetSummary(Map<Kind, Integer> counts, SortedSet<String> fingerprints, SortedMap<String, Integer> reasons) {

    /** The kinds of answer a caller can get: the four of {@code TokenAnswer}, an exception, or no answer in time. */
    public enum Kind {
        FRESH, STALE, UNAVAILABLE, NOT_FOUND, FAILED, TIMED_OUT;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public GetSummary {
        Map<Kind, Integer> every = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            every.put(kind, counts.getOrDefault(kind, 0));
        }
        counts = Collections.unmodifiableMap(every);
        fingerprints = Collections.unmodifiableSortedSet(new TreeSet<>(fingerprints));
        reasons = Collections.unmodifiableSortedMap(new TreeMap<>(reasons));
    }

    public int count(Kind kind) {
        return counts.get(kind);
    }

    /** How many callers there were. */
    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The one-line wire form that {@link #parse} reads. */
    public String format() {
        StringJoiner line = new StringJoiner(" ");
        counts.forEach((kind, count) -> line.add(kind.wireName() + "=" + count));
        line.add("fingerprints=" + String.join(",", fingerprints));
        StringJoiner why = new StringJoiner(",");
        reasons.forEach((reason, count) -> why.add(reason + ":" + count));
        return line.add("reasons=" + why).toString();
    }

    /** Reads what {@link #format} wrote. */
    public static GetSummary parse(String line) {
        Map<String, String> words = new LinkedHashMap<>();
        for (String word : line.trim().split(" ")) {
            int equals = word.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("not a get summary: " + line);
            }
            words.put(word.substring(0, equals), word.substring(equals + 1));
        }
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            counts.put(kind, Integer.parseInt(required(words, kind.wireName(), line)));
        }
        SortedMap<String, Integer> reasons = new TreeMap<>();
        for (String reason : items(required(words, "reasons", line))) {
            int colon = reason.lastIndexOf(':');
            reasons.put(reason.substring(0, colon), Integer.parseInt(reason.substring(colon + 1)));
        }
        return new GetSummary(counts, new TreeSet<>(items(required(words, "fingerprints", line))), reasons);
    }

    private static String required(Map<String, String> words, String name, String line) {
        String value = words.get(name);
        if (value == null) {
            throw new IllegalArgumentException("get summary without " + name + ": " + line);
        }
        return value;
    }

    private static List<String> items(String list) {
        return list.isEmpty() ? List.of() : List.of(list.split(","));
    }
}
