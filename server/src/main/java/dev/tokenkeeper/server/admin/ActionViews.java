package dev.tokenkeeper.server.admin;

import java.util.List;
import java.util.Objects;

/** What the pages of a connection's buttons show, as plain text the templates escape. */
public final class ActionViews {
    private ActionViews() {}

    /** {@code POST /admin/connections/{id}/diagnose}: the diagnosis as {@code POST /v1/connections/{id}/diagnose}. */
    public record DiagnosisPage(String csrfToken, String connectionId, String zone, boolean healthy, String summary,
            String cause, String actor, String fix, String since, String checkedAt, List<ConnectionViews.Entry> checks,
            List<ConnectionViews.Entry> evidence) {
        public DiagnosisPage {
            Objects.requireNonNull(csrfToken, "csrfToken");
            checks = List.copyOf(checks);
            evidence = List.copyOf(evidence);
        }
    }

    /** {@code GET /admin/connections/{id}/delete}: what is about to be deleted. */
    public record DeletePage(String csrfToken, String connectionId, String provider, String state) {
        public DeletePage {
            Objects.requireNonNull(csrfToken, "csrfToken");
        }
    }

    /** {@code POST /admin/connections/{id}/reconnect-link}: the new link's URL, shown this once, and its expiry. */
    public record ReconnectLinkPage(String csrfToken, String connectionId, String linkId, String url,
            String expiresAt) {
        public ReconnectLinkPage {
            Objects.requireNonNull(csrfToken, "csrfToken");
        }

        @Override
        public String toString() {
            return "ReconnectLinkPage[connectionId=" + connectionId + ", linkId=" + linkId + ", url=<redacted>]";
        }
    }
}
