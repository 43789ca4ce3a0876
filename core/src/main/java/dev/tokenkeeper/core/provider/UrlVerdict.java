package dev.tokenkeeper.core.provider;

import java.util.Objects;

/** What {@link ProviderUrlPolicy#judgeBeforeRequest} says of a request's URL just before it is sent. */
public sealed interface UrlVerdict {
    /** The request may be sent. */
    record Allowed() implements UrlVerdict {}

    /** The host name does not resolve now: a DNS failure (the request cannot be sent), not a policy refusal. */
    record Unresolved(String host) implements UrlVerdict {
        public Unresolved {
            Objects.requireNonNull(host, "host");
        }
    }

    /** The policy refuses the URL; {@code why} completes "the URL …" ("must use https …"). */
    record Refused(String why) implements UrlVerdict {
        public Refused {
            Objects.requireNonNull(why, "why");
        }
    }
}
