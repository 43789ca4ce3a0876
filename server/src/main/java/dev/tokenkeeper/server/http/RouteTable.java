package dev.tokenkeeper.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which methods each path of the API answers, read from the OpenAPI document the service ships (the tests hold the
 * routes and the document to each other), so a request with the wrong method gets {@code 405} and {@code Allow}
 * instead of a 404 that says the path does not exist.
 */
public final class RouteTable {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern PARAMETER = Pattern.compile("\\{[^}/]+}");

    private final List<Route> routes;

    private record Route(Pattern path, Set<String> methods) {}

    private RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** The routes of an OpenAPI document's {@code paths}; a parameter matches one segment, a trailing {path} any. */
    public static RouteTable fromOpenApi(byte[] yaml) {
        JsonNode paths;
        try {
            paths = new YAMLMapper().readTree(yaml).path("paths");
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document is not valid YAML", e);
        }
        List<Route> routes = new ArrayList<>();
        for (Iterator<String> names = paths.fieldNames(); names.hasNext(); ) {
            String template = names.next();
            Set<String> methods = new TreeSet<>();
            paths.get(template).fieldNames().forEachRemaining(field -> {
                if (METHODS.contains(field)) {
                    methods.add(field.toUpperCase(Locale.ROOT));
                }
            });
            routes.add(new Route(pattern(template), methods));
        }
        return new RouteTable(routes);
    }

    /** The methods some route answers on {@code path} (decoded, as the router matches it); empty for no route. */
    public Set<String> allowedMethods(String path) {
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            if (route.path().matcher(path).matches()) {
                allowed.addAll(route.methods());
            }
        }
        return allowed;
    }

    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        var matcher = PARAMETER.matcher(template);
        int last = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(template.substring(last, matcher.start())));
            boolean rest = matcher.group().equals("{path}") && matcher.end() == template.length();
            regex.append(rest ? ".*" : "[^/]+");
            last = matcher.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(regex.toString());
    }
}
