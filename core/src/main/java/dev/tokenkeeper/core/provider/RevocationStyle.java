package dev.tokenkeeper.core.provider;

/** How a provider's revocation endpoint takes the token to revoke. */
public enum RevocationStyle {
    /** RFC 7009: a form with {@code token} and {@code token_type_hint}, the client authenticated as for tokens. */
    RFC7009("rfc7009"),
    /** A JSON body {@code {"token": …}} with the client by HTTP Basic (Notion, Intuit QuickBooks). */
    JSON("json"),
    /**
     * The access token itself as {@code Authorization: Bearer}, no body: it revokes its whole grant (Dropbox's
     * {@code /2/auth/token/revoke}, Slack's {@code auth.revoke}).
     */
    BEARER("bearer");

    private final String wireName;

    RevocationStyle(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The style with this wire name; an unknown name is an {@link IllegalArgumentException} listing the known ones. */
    public static RevocationStyle fromWireName(String name) {
        for (RevocationStyle style : values()) {
            if (style.wireName.equals(name)) {
                return style;
            }
        }
        throw new IllegalArgumentException("must be rfc7009, json or bearer");
    }
}
