package dev.tokenkeeper.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The provider-wide, per-client and per-grant quirk scopes, and the rule that the most specific one wins. */
final class QuirkScopes {
    private final QuirkScope global = new QuirkScope();
    private final Map<String, QuirkScope> byClient = new ConcurrentHashMap<>();
    private final Map<String, QuirkScope> byGrant = new ConcurrentHashMap<>();

    QuirkScope global() {
        return global;
    }

    QuirkScope client(String clientId) {
        return byClient.computeIfAbsent(clientId, id -> new QuirkScope());
    }

    QuirkScope grant(String grantId) {
        return byGrant.computeIfAbsent(grantId, id -> new QuirkScope());
    }

    /** The value of the quirk for a request of this client (or null) about this grant (or null). */
    <T> T resolve(Quirk<T> quirk, String clientId, String grantId) {
        for (QuirkScope scope : chain(clientId, grantId)) {
            T value = scope.get(quirk);
            if (value != null) {
                return value;
            }
        }
        return quirk.defaultValue();
    }

    /** Takes one pending injection from the most specific scope that has one, or null. */
    Injection pollInjection(String clientId, String grantId) {
        for (QuirkScope scope : chain(clientId, grantId)) {
            Injection injection = scope.pollInjection();
            if (injection != null) {
                return injection;
            }
        }
        return null;
    }

    void clearAll() {
        global.clear();
        byClient.values().forEach(QuirkScope::clear);
        byGrant.values().forEach(QuirkScope::clear);
    }

    private List<QuirkScope> chain(String clientId, String grantId) {
        List<QuirkScope> chain = new ArrayList<>(3);
        if (grantId != null && byGrant.get(grantId) instanceof QuirkScope grant) {
            chain.add(grant);
        }
        if (clientId != null && byClient.get(clientId) instanceof QuirkScope client) {
            chain.add(client);
        }
        chain.add(global);
        return chain;
    }
}
