package dev.tokenkeeper.server.diagnosis;

import java.time.Duration;

/** Durations in the words evidence uses: {@code 7 d 2 h}, {@code 3 h 5 min}, {@code 42 s}. */
final class Durations {
    private Durations() {}

    static String words(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds >= 86_400) {
            return seconds / 86_400 + " d " + seconds % 86_400 / 3_600 + " h";
        }
        if (seconds >= 3_600) {
            return seconds / 3_600 + " h " + seconds % 3_600 / 60 + " min";
        }
        if (seconds >= 60) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds + " s";
    }
}
