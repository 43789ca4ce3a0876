package dev.tokenkeeper.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenkeeper.fake.webhook.WebhookReceiver.Received;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a receiver got, grouped by event copy: one group per endpoint (the request path), event type, connection and
 * sequence, holding the {@code webhook-id}s of every request that carried that event and how many there were.
 */
final class ReceivedEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event at one endpoint. */
    record Key(String path, String type, String connectionId, long sequence) {}

    /** The copies of one event received at one endpoint. */
    record Copies(Set<String> webhookIds, int count) {}

    private final Map<Key, Copies> groups;

    private ReceivedEvents(Map<Key, Copies> groups) {
        this.groups = groups;
    }

    static ReceivedEvents of(Collection<Received> received) {
        Map<Key, List<Received>> byKey = received.stream().collect(Collectors.groupingBy(ReceivedEvents::key));
        Map<Key, Copies> groups = new TreeMap<>(java.util.Comparator.comparing(Key::toString));
        byKey.forEach((key, copies) -> groups.put(key, new Copies(copies.stream()
                .map(copy -> copy.header("webhook-id")).collect(Collectors.toCollection(TreeSet::new)),
                copies.size())));
        return new ReceivedEvents(groups);
    }

    /** (path, type, connection) of every event received at least once, sequence left out. */
    Set<String> eventsSeen() {
        return groups.keySet().stream().map(key -> key.path() + " " + key.type() + " " + key.connectionId())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The groups whose copies carried more than one {@code webhook-id}: must be none. */
    Map<Key, Copies> withDifferentIds() {
        return groups.entrySet().stream().filter(entry -> entry.getValue().webhookIds().size() != 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** How many events arrived more than once (with the same id). */
    long duplicated() {
        return groups.values().stream().filter(copies -> copies.count() > 1).count();
    }

    /** How many copies of the event carrying this {@code webhook-id} arrived. */
    int copiesOf(String webhookId) {
        return groups.values().stream().filter(copies -> copies.webhookIds().contains(webhookId))
                .mapToInt(Copies::count).sum();
    }

    private static Key key(Received received) {
        JsonNode body = parse(received.body());
        return new Key(received.path(), body.path("type").asText(), body.path("data").path("connection_id").asText(),
                body.path("data").path("sequence").asLong(-1));
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("a webhook body that is not JSON: " + body, e);
        }
    }
}
