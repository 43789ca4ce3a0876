package dev.tokenkeeper.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.client.Page;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Reads pages of the API's lists and walks every page of a list, one request per page, as it is consumed. */
public final class Pages {
    private Pages() {}

    /** The page in {@code node}: its items under {@code field} as {@code type}, and its {@code next_cursor}. */
    public static <T> Page<T> read(JsonNode node, String field, Class<T> type) {
        List<T> items = new ArrayList<>();
        node.path(field).forEach(item -> items.add(Json.read(item, type)));
        JsonNode next = node.path("next_cursor");
        return new Page<>(items, next.isTextual() ? next.asText() : null);
    }

    /** Every item of every page: {@code fetch} answers the page after a cursor (null for the first page). */
    public static <T> Stream<T> all(Function<String, Page<T>> fetch) {
        Iterator<T> items = new Iterator<>() {
            private Page<T> page = fetch.apply(null);
            private int index;

            @Override
            public boolean hasNext() {
                while (index == page.items().size() && page.nextCursor() != null) {
                    page = fetch.apply(page.nextCursor());
                    index = 0;
                }
                return index < page.items().size();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.items().get(index++);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED), false);
    }
}
