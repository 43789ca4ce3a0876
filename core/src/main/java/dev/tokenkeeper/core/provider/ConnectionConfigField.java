package dev.tokenkeeper.core.provider;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One per-connection setting a provider's URLs are templated with ({@code {subdomain}} in
 * {@code https://{subdomain}.zendesk.com/oauth/tokens}, {@code {instance_url}} as Salesforce's API base): where the
 * value comes from and what it may be. A value is a DNS name's characters (a subdomain, a tenant, a shop) that can
 * neither leave the host it is a label of nor the path segment it fills, or, for a field with {@code hosts}, a whole
 * https origin on one of those hosts. So no value can point a request anywhere the provider's config did not name.
 *
 * @param name              the placeholder's name: a-z, 0-9 and '_', starting with a letter, at most 32 characters
 * @param description       what the value is, for the people who supply it
 * @param pattern           a regular expression the whole value must also match, or null
 * @param hosts             for a whole-origin value, the hosts it may name ({@code *.salesforce.com} for any subdomain
 *                          of it, or an exact host); empty for a name-like value. Listing {@code 127.0.0.1} lets a
 *                          value be {@code http} with a port on it, for development; Tokenkeeper's URL policy still
 *                          refuses loopback unless private URLs are allowed
 * @param fromTokenResponse the token-response field the value is read from (Salesforce's {@code instance_url}), or null
 *                          when the connection's creator supplies it
 * @param defaultValue      the value for a connection that has none (Microsoft's {@code common} tenant), or null when
 *                          every connection must have its own; it follows the setting's rule
 */
public record ConnectionConfigField(String name, String description, Pattern pattern, List<String> hosts,
        String fromTokenResponse, String defaultValue) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    /** A DNS name: labels of letters, digits and inner hyphens joined by single dots. */
    private static final String DNS_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern DNS_NAME = Pattern.compile(DNS_LABEL + "(?:\\." + DNS_LABEL + ")*");
    private static final Pattern HOST_RULE = Pattern.compile("(\\*\\.)?" + DNS_NAME.pattern());
    private static final int MAX_VALUE = 253;
    /** The one host a whole-origin value may name with http and a port, when {@code hosts} lists it (development). */
    private static final String LOOPBACK = "127.0.0.1";

    public ConnectionConfigField {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidProviderConfigException("connection_config", "names must be 1-32 characters of a-z,"
                    + " 0-9 and '_', starting with a letter");
        }
        String field = "connection_config." + name;
        description = description == null ? "" : description;
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        for (String host : hosts) {
            if (host == null || !HOST_RULE.matcher(host).matches() || host.chars().filter(c -> c == '.').count() < 1) {
                throw new InvalidProviderConfigException(field + ".hosts", "must hold host names with at least one"
                        + " dot, each exact or starting with '*.' for its subdomains");
            }
        }
        if (fromTokenResponse != null && !NAME.matcher(fromTokenResponse).matches()) {
            throw new InvalidProviderConfigException(field + ".from_token_response", "must name a token-response"
                    + " field: a-z, 0-9 and '_', starting with a letter");
        }
    }

    /** A setting without a default value. */
    public ConnectionConfigField(String name, String description, Pattern pattern, List<String> hosts,
            String fromTokenResponse) {
        this(name, description, pattern, hosts, fromTokenResponse, null);
    }

    /** The setting as declared, with its default checked against its own rule. */
    static ConnectionConfigField checked(ConnectionConfigField field) {
        if (field.defaultValue() != null) {
            field.refusal(field.defaultValue()).ifPresent(refusal -> {
                throw new InvalidProviderConfigException("connection_config." + field.name() + ".default", refusal);
            });
        }
        return field;
    }

    /** Compiles a field's {@code pattern}, naming the field when it is not a regular expression. */
    static Pattern pattern(String name, String regex) {
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidProviderConfigException("connection_config." + name + ".pattern",
                    "is not a regular expression: " + e.getDescription());
        }
    }

    /** Whether the value is a whole https origin (it fills a URL's scheme and host) rather than a name. */
    public boolean origin() {
        return !hosts.isEmpty();
    }

    /** The name the value is kept under in a connection's credentials: {@code fromTokenResponse}, else its own. */
    public String credentialName() {
        return fromTokenResponse != null ? fromTokenResponse : name;
    }

    /** The value in a connection's credentials, under {@link #credentialName()}; else the default, if any. */
    public Optional<String> valueIn(Map<String, ?> raw) {
        Object value = raw.get(credentialName());
        return value instanceof String text ? Optional.of(text) : Optional.ofNullable(defaultValue);
    }

    /** Why a value is refused, in words that name no more than the rule; empty when it is acceptable. */
    public Optional<String> refusal(String value) {
        if (value == null || value.isEmpty() || value.length() > (origin() ? 2 * MAX_VALUE : MAX_VALUE)) {
            return Optional.of("must be 1-" + MAX_VALUE + " characters");
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            return Optional.of("must match " + pattern.pattern());
        }
        return origin() ? originRefusal(value) : DNS_NAME.matcher(value).matches() ? Optional.empty()
                : Optional.of("must be a DNS name: letters, digits, inner hyphens and single dots");
    }

    /** The value as an https origin: the scheme and host, with no user info, port, path, query or fragment. */
    private Optional<String> originRefusal(String value) {
        URI url;
        try {
            url = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (URISyntaxException e) {
            return Optional.of("must be an https origin such as https://acme.my.salesforce.com");
        }
        boolean loopback = LOOPBACK.equals(url.getHost()) && hosts.contains(LOOPBACK);
        boolean schemeAllowed = "https".equals(url.getScheme()) || loopback && "http".equals(url.getScheme());
        if (!schemeAllowed || url.getHost() == null || url.getRawUserInfo() != null
                || url.getPort() != -1 && !loopback || !url.getRawPath().isEmpty() || url.getRawQuery() != null
                || url.getRawFragment() != null || !DNS_NAME.matcher(url.getHost()).matches()) {
            return Optional.of("must be an https origin such as https://acme.my.salesforce.com: no user info, port,"
                    + " path, query or fragment");
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        boolean allowed = hosts.stream().map(rule -> rule.toLowerCase(Locale.ROOT))
                .anyMatch(rule -> rule.startsWith("*.") ? host.endsWith(rule.substring(1)) : host.equals(rule));
        return allowed ? Optional.empty() : Optional.of("must be on one of the hosts " + String.join(", ", hosts));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConnectionConfigField field && name.equals(field.name)
                && description.equals(field.description) && hosts.equals(field.hosts)
                && Objects.equals(fromTokenResponse, field.fromTokenResponse)
                && Objects.equals(defaultValue, field.defaultValue)
                && Objects.equals(pattern == null ? null : pattern.pattern(),
                        field.pattern == null ? null : field.pattern.pattern());
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, description, hosts, fromTokenResponse, defaultValue,
                pattern == null ? null : pattern.pattern());
    }
}
