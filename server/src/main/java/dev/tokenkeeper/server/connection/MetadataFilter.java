package dev.tokenkeeper.server.connection;

import dev.tokenkeeper.core.port.ConnectionQuery;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.StorableText;
import io.helidon.common.uri.UriQuery;
import java.util.Map;
import java.util.TreeMap;

/** The listing's {@code metadata.<key>=<value>} query parameters: every entry must hold, values compared exactly. */
final class MetadataFilter {
    /** The parameter family, as routes declare it. */
    static final String PARAMETERS = "metadata.*";
    private static final String PREFIX = "metadata.";

    private MetadataFilter() {}

    /** The metadata entries the query filters on; empty for none. */
    static Map<String, String> of(UriQuery query) {
        Map<String, String> filter = new TreeMap<>();
        for (String name : query.names()) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String key = name.substring(PREFIX.length());
            String value = query.first(name).orElse("");
            if (!StorableText.isStorable(name) || !StorableText.isStorable(value)) {
                throw ApiProblem.invalidField(PARAMETERS, "must not hold the NUL character or an unpaired surrogate");
            }
            if (key.isEmpty() || key.length() > ConnectionQuery.MAX_METADATA_KEY) {
                String shown = name.length() > 64 ? name.substring(0, 64) + "…" : name;
                throw ApiProblem.invalidField(shown, "must name a metadata key of 1-"
                        + ConnectionQuery.MAX_METADATA_KEY + " characters after 'metadata.'");
            }
            if (value.length() > ConnectionQuery.MAX_METADATA_VALUE) {
                throw ApiProblem.invalidField(name, "must be at most " + ConnectionQuery.MAX_METADATA_VALUE
                        + " characters, as a metadata value is");
            }
            filter.put(key, value);
        }
        if (filter.size() > ConnectionQuery.MAX_METADATA_FILTERS) {
            throw ApiProblem.invalidField(PARAMETERS, "combines " + filter.size() + " filters; at most "
                    + ConnectionQuery.MAX_METADATA_FILTERS + " can be combined");
        }
        return filter;
    }
}
