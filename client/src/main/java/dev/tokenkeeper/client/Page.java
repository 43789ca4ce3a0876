package dev.tokenkeeper.client;

import java.util.List;
import java.util.Optional;

/** One page of a list; {@code nextCursor} is the cursor of the next page, null on the last. */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }

    /** The cursor of the next page, empty on the last. */
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
