package dev.tokenkeeper.core.provider;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Which hosts Tokenkeeper may send a provider request to (a guard against server-side request forgery): never a
 * link-local or cloud-metadata address, an unspecified address or Tokenkeeper's own listener; loopback and private
 * addresses, and plain {@code http}, only when {@value #SETTING} is {@code true}. IPv4 hosts must be written as four
 * plain decimal numbers (no {@code 2130706433}, octal or hex forms); IPv4 inside IPv6 is judged as the IPv4 address.
 *
 * <p>Host names are resolved and every address they resolve to is judged, at configuration time (a name that does not
 * resolve yet is accepted) and again just before each request ({@link #refusalBeforeRequest}), so that a name that
 * later resolves elsewhere (DNS rebinding) is caught at the request. The JDK's HTTP client resolves the name once
 * more when it connects, so a resolver answering differently within those milliseconds is not excluded.
 */
public final class ProviderUrlPolicy {
    /** The environment variable that allows loopback and private addresses and plain http. */
    public static final String SETTING = "TOKENKEEPER_ALLOW_PRIVATE_URLS";

    /** How a refusal before a request starts when the host name does not resolve (a DNS failure, not a policy). */
    public static final String UNRESOLVED = "has a host that does not resolve";

    /** Names of cloud metadata services, refused whatever they resolve to. */
    private static final Set<String> METADATA_NAMES = Set.of("metadata", "metadata.google.internal",
            "metadata.goog", "instance-data", "instance-data.ec2.internal", "metadata.azure.internal",
            "metadata.packet.net");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(0[xX][0-9a-fA-F]*|[0-9]+)");
    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    /** Resolves a host name to its addresses (the system's DNS in production). */
    @FunctionalInterface
    public interface Resolver {
        /** The addresses of {@code host}. */
        List<InetAddress> resolve(String host) throws UnknownHostException;

        /** The system resolver. */
        static Resolver system() {
            return host -> List.of(InetAddress.getAllByName(host));
        }
    }

    private final boolean allowPrivate;
    private final Supplier<? extends Collection<InetSocketAddress>> ownListeners;
    private final Resolver resolver;

    /**
     * @param allowPrivate whether {@value #SETTING} is true
     * @param ownListeners Tokenkeeper's own listeners (bind address and port, public URL's host and port), read at each
     *                     check since the port may be known only once the server runs
     */
    public ProviderUrlPolicy(boolean allowPrivate, Supplier<? extends Collection<InetSocketAddress>> ownListeners,
            Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.ownListeners = Objects.requireNonNull(ownListeners, "ownListeners");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** Private addresses allowed and no listener of its own: for a library user's own wiring and tests. */
    public static ProviderUrlPolicy allowingPrivate() {
        return new ProviderUrlPolicy(true, List::of, Resolver.system());
    }

    /**
     * Checks every URL of a config, and that {@code whoami.path} stays below {@code api_base_url}.
     *
     * @throws InvalidProviderConfigException naming the first field refused, and this setting
     */
    public void check(ProviderConfig config) {
        check("authorization_url", config.authorizationUrl());
        check("token_url", config.tokenUrl());
        check("refresh_url", config.refreshUrl());
        check("revocation_url", config.revocationUrl());
        check("api_base_url", config.apiBaseUrl());
        check("introspection_url", config.introspectionUrl());
    }

    private void check(String field, URI url) {
        if (url != null) {
            refusal(url, false).ifPresent(why -> {
                throw new InvalidProviderConfigException(field, why);
            });
        }
    }

    /**
     * Why {@code url} must not be saved (e.g. as a webhook endpoint's URL), judged as a config's URLs are: a host name
     * that does not resolve yet is accepted, to be judged again before each request.
     */
    public Optional<String> refusal(URI url) {
        return refusal(url, false);
    }

    /** Why a request to {@code url} must not be sent now, judging the addresses its host resolves to right now. */
    public Optional<String> refusalBeforeRequest(URI url) {
        return switch (judgeBeforeRequest(url)) {
            case UrlVerdict.Allowed allowed -> Optional.empty();
            case UrlVerdict.Unresolved unresolved -> Optional.of(UNRESOLVED + " (" + unresolved.host() + ")");
            case UrlVerdict.Refused refused -> Optional.of(refused.why());
        };
    }

    /**
     * Whether a request to {@code url} may be sent now, judging the addresses its host resolves to right now; a host
     * that does not resolve is told apart from a refusal (the caller reports a DNS failure, not a policy).
     */
    public UrlVerdict judgeBeforeRequest(URI url) {
        try {
            return refusal(url, true).<UrlVerdict>map(UrlVerdict.Refused::new).orElseGet(UrlVerdict.Allowed::new);
        } catch (UnresolvedHost e) {
            return new UrlVerdict.Unresolved(e.host);
        }
    }

    /** Thrown inside the judgement when the host must resolve now and does not. */
    private static final class UnresolvedHost extends RuntimeException {
        private final String host;

        UnresolvedHost(String host) {
            super(null, null, false, false);
            this.host = host;
        }
    }

    private Optional<String> refusal(URI url, boolean mustResolve) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost();
        if (!(scheme.equals("https") || scheme.equals("http")) || host == null) {
            return Optional.of("must be an absolute https URL with a host");
        }
        if (scheme.equals("http") && !allowPrivate) {
            return refused("must use https (plain http is allowed only when " + SETTING + "=true)");
        }
        int port = url.getPort() != -1 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        String name = host.toLowerCase(Locale.ROOT);
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (METADATA_NAMES.contains(name)) {
            return refused("names a cloud metadata service, which is never reachable");
        }
        List<InetAddress> addresses;
        try {
            addresses = addresses(name);
        } catch (UnknownHostException e) {
            if (mustResolve) {
                throw new UnresolvedHost(host);
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return refused(e.getMessage());
        }
        for (InetAddress address : addresses) {
            Optional<String> why = addressRefusal(address, port);
            if (why.isPresent()) {
                return why;
            }
        }
        return Optional.empty();
    }

    /** The host's addresses: an IP literal as itself (only in its one plain form), a name as it resolves. */
    private List<InetAddress> addresses(String host) throws UnknownHostException {
        if (host.startsWith("[")) {
            if (host.contains("%")) {
                throw new IllegalArgumentException("must not use an IPv6 zone (a link-local address)");
            }
            return List.of(InetAddress.getByName(host.substring(1, host.length() - 1)));
        }
        String[] labels = host.split("\\.", -1);
        if (NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
            if (!DOTTED_QUAD.matcher(host).matches()) {
                throw new IllegalArgumentException("writes an IPv4 address in a form other than four decimal numbers"
                        + " (" + host + "); write it as a.b.c.d");
            }
            return List.of(InetAddress.getByName(host));
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return List.of(InetAddress.getLoopbackAddress());
        }
        return resolver.resolve(host);
    }

    private Optional<String> addressRefusal(InetAddress address, int port) {
        InetAddress judged = embeddedIpv4(address).orElse(address);
        if (alwaysRefused(judged)) {
            return refused("points to " + judged.getHostAddress() + ", a link-local, metadata, unspecified,"
                    + " multicast or reserved address, which is never reachable");
        }
        if (isOwnListener(judged, port)) {
            return refused("points to Tokenkeeper's own listener (" + judged.getHostAddress() + ":" + port + ")");
        }
        if (isPrivate(judged) && !allowPrivate) {
            return refused("points to " + judged.getHostAddress() + ", a loopback or private address (allowed only"
                    + " when " + SETTING + "=true)");
        }
        return Optional.empty();
    }

    private static Optional<String> refused(String why) {
        return Optional.of(why.contains(SETTING) ? why : why + "; see " + SETTING);
    }

    private static boolean alwaysRefused(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            return first == 0 || first >= 240 // "this network" and the reserved class E, broadcast included
                    || address.getHostAddress().equals("100.100.100.200"); // Alibaba Cloud's metadata service
        }
        // fd00:ec2::254, AWS's IPv6 metadata service
        return address.getHostAddress().equals("fd00:ec2:0:0:0:0:0:254");
    }

    private static boolean isPrivate(InetAddress address) {
        byte[] b = address.getAddress();
        if (address.isLoopbackAddress() || address.isSiteLocalAddress()) {
            return true;
        }
        if (address instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64.0.0/10, carrier-grade NAT
        }
        return (b[0] & 0xfe) == 0xfc; // fc00::/7, unique local
    }

    /** The IPv4 address inside an IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) IPv6 address. */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        boolean compatible = true;
        for (int i = 0; i < 12; i++) {
            compatible &= b[i] == 0;
        }
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        try {
            if ((compatible && !address.isLoopbackAddress() && !address.isAnyLocalAddress()) || nat64) {
                return Optional.of(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return Optional.of(InetAddress.getByAddress(new byte[] {b[2], b[3], b[4], b[5]}));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
        return Optional.empty();
    }

    private boolean isOwnListener(InetAddress address, int port) {
        for (InetSocketAddress own : ownListeners.get()) {
            if (own.getPort() != port || own.getAddress() == null) {
                continue;
            }
            InetAddress ownAddress = own.getAddress();
            if (ownAddress.equals(address)
                    || ownAddress.isAnyLocalAddress() && (address.isLoopbackAddress() || isLocal(address))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLocal(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
