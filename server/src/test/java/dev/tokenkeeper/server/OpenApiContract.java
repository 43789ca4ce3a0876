package dev.tokenkeeper.server;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import dev.tokenkeeper.server.ApiClient.Exchange;
import dev.tokenkeeper.server.ops.OpenApiDocument;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The shipped OpenAPI document as a test oracle: it checks exchanges recorded by {@link ApiClient} against the
 * document (request and response, or the response alone for requests that are wrong on purpose) and lists the
 * operations it documents.
 *
 * <p>An answer on a path the document does not have must be the {@code no_route} problem, checked against the
 * document's {@code Problem} schema.
 */
public final class OpenApiContract {
    private static final OpenApiContract SHIPPED = load();
    private static final String PROXY_PREFIX = "/v1/proxy/";

    private final String yaml;
    private final OpenAPI api;
    private final OpenApiInteractionValidator validator;
    private final SchemaValidator schemas;
    /**
     * The prefixes of documented parameter families such as {@code metadata.*} ({@code metadata.<key>}), which no
     * OpenAPI parameter name can match: their members are accepted by name and not checked further.
     */
    private final List<String> queryPrefixes;

    private OpenApiContract(String yaml, OpenAPI api) {
        this.yaml = yaml;
        this.api = api;
        LevelResolver levels = LevelResolver.create()
                .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.ERROR)
                .build();
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(yaml).withLevelResolver(levels)
                .withResolveCombinators(false).build();
        this.schemas = new SchemaValidator(api, new MessageResolver(levels));
        this.queryPrefixes = queryPrefixes(api);
    }

    /** The document the server serves at {@code GET /v1/openapi.yaml}. */
    public static OpenApiContract shipped() {
        return SHIPPED;
    }

    /** The document's text as shipped. */
    public String yaml() {
        return yaml;
    }

    /**
     * Every documented operation as {@code "METHOD /path/{param}"}, sorted.
     */
    public TreeSet<String> operations() {
        TreeSet<String> operations = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> operations.add(method.name() + " " + path)));
        return operations;
    }

    /** What is wrong with the exchange, request and response, by the document; empty when it conforms. */
    public List<String> violations(Exchange exchange) {
        if (isRefusedBeforeRouting(exchange) || isStorageUnavailable(exchange)) {
            return gateViolations(exchange);
        }
        if (isProxied(exchange)) {
            return proxyViolations(exchange);
        }
        if (!isDocumented(exchange)) {
            return noRouteViolations(exchange);
        }
        return errors(validator.validate(request(exchange), response(exchange)));
    }

    /** What is wrong with the answer alone, by the document; for requests that are wrong on purpose. */
    public List<String> responseViolations(Exchange exchange) {
        if (isRefusedBeforeRouting(exchange) || isStorageUnavailable(exchange)) {
            return gateViolations(exchange);
        }
        if (isProxied(exchange)) {
            return proxyViolations(exchange);
        }
        if (!isDocumented(exchange)) {
            return noRouteViolations(exchange);
        }
        Request.Method method = Request.Method.valueOf(exchange.method());
        return errors(validator.validateResponse(exchange.uri().getRawPath(), method, response(exchange)));
    }

    /** Fails when the exchange, request or response, does not conform. */
    public void assertConforms(Exchange exchange) {
        fail(exchange, violations(exchange));
    }

    /** Fails when the answer does not conform. */
    public void assertResponseConforms(Exchange exchange) {
        fail(exchange, responseViolations(exchange));
    }

    /** An {@link ApiClient} observer that fails any call whose answer does not conform. */
    public Consumer<Exchange> responseChecker() {
        return this::assertResponseConforms;
    }

    private boolean isDocumented(Exchange exchange) {
        return undocumentedBecause(exchange) == null;
    }

    /** {@code path.missing}, {@code operation.notAllowed}, or null for a documented operation. */
    private String undocumentedBecause(Exchange exchange) {
        ValidationReport report = validator.validateRequest(request(exchange));
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getKey().equals("validation.request.path.missing")
                    || message.getKey().equals("validation.request.operation.notAllowed")) {
                return message.getKey().substring("validation.request.".length());
            }
        }
        return null;
    }

    /**
     * A target refused before routing (400 {@code non_canonical_path}, which the document's description defines for
     * every path): no operation was reached, so only the problem document itself is checked.
     */
    private static boolean isRefusedBeforeRouting(Exchange exchange) {
        return exchange.answer().status() == 400 && exchange.answer().text().contains("\"non_canonical_path\"");
    }

    /**
     * The database unavailable (503 {@code storage_unavailable}, which the document's description defines for every
     * operation): a problem document with {@code Retry-After}.
     */
    private static boolean isStorageUnavailable(Exchange exchange) {
        return exchange.answer().status() == 503 && exchange.answer().header("Retry-After") != null
                && exchange.answer().text().contains("\"storage_unavailable\"");
    }

    private List<String> gateViolations(Exchange exchange) {
        List<String> problems = new ArrayList<>(errors(schemas.validate(exchange.answer().text(),
                api.getComponents().getSchemas().get("Problem"), "response.body")));
        if (!"false".equals(exchange.answer().header("Tokenkeeper-Remote-Error"))) {
            problems.add("a refusal before routing without Tokenkeeper-Remote-Error: false");
        }
        return problems;
    }

    /**
     * A proxied call ({@code /v1/proxy/{id}/} and a path of any depth, which no OpenAPI path template can match):
     * the provider's answers are its own and pass through unchecked, but an error must say whose it is, and
     * Tokenkeeper's own must be a documented problem.
     */
    private static boolean isProxied(Exchange exchange) {
        String path = exchange.uri().getRawPath();
        return path.startsWith(PROXY_PREFIX) && path.indexOf('/', PROXY_PREFIX.length()) > 0;
    }

    private List<String> proxyViolations(Exchange exchange) {
        ApiClient.Answer answer = exchange.answer();
        String remote = answer.header("Tokenkeeper-Remote-Error");
        List<String> problems = new ArrayList<>();
        if (answer.status() >= 400 && remote == null) {
            problems.add("a proxied error without Tokenkeeper-Remote-Error");
        }
        if (!"false".equals(remote)) {
            return problems;
        }
        problems.addAll(errors(schemas.validate(answer.text(), api.getComponents().getSchemas().get("Problem"),
                "response.body")));
        if (!String.valueOf(answer.header("Content-Type")).startsWith("application/problem+json")) {
            problems.add("Tokenkeeper's own proxy answer is not a problem document");
        }
        return problems;
    }

    /**
     * An undocumented operation answers 404 {@code no_route} on a path the document does not have, 405
     * {@code method_not_allowed} with {@code Allow} on a documented path asked with another method (401 without a key
     * either way).
     */
    private List<String> noRouteViolations(Exchange exchange) {
        List<String> problems = new ArrayList<>();
        ApiClient.Answer answer = exchange.answer();
        boolean wrongMethod = "operation.notAllowed".equals(undocumentedBecause(exchange));
        int status = answer.status() == 401 ? 401 : wrongMethod ? 405 : 404;
        String code = status == 401 ? "unauthorized" : wrongMethod ? "method_not_allowed" : "no_route";
        if (answer.status() != status) {
            problems.add("an undocumented operation answered " + answer.status() + ", not " + status + " " + code);
        }
        if (status == 405 && answer.header("Allow") == null) {
            problems.add("a 405 without Allow");
        }
        if (!String.valueOf(answer.header("Content-Type")).startsWith("application/problem+json")) {
            problems.add("an undocumented operation answered Content-Type " + answer.header("Content-Type"));
            return problems;
        }
        problems.addAll(errors(schemas.validate(answer.text(), api.getComponents().getSchemas().get("Problem"),
                "response.body")));
        if (!answer.json().path("code").asText().equals(code)) {
            problems.add("an undocumented operation answered code " + answer.json().path("code"));
        }
        return problems;
    }

    private static void fail(Exchange exchange, List<String> violations) {
        if (!violations.isEmpty()) {
            throw new AssertionError(exchange.method() + " " + exchange.uri().getRawPath() + " answered "
                    + exchange.answer().status() + " against the OpenAPI document:\n  " + String.join("\n  ", violations)
                    + "\nbody: " + abbreviate(exchange.answer().text()));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "…";
    }

    private static List<String> errors(ValidationReport report) {
        List<String> errors = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR) {
                String more = message.getNestedMessages().isEmpty() ? ""
                        : " " + message.getNestedMessages().stream().map(ValidationReport.Message::getMessage).toList();
                errors.add(message.getKey() + ": " + message.getMessage() + more);
            }
        }
        return errors;
    }

    private Request request(Exchange exchange) {
        SimpleRequest.Builder builder = new SimpleRequest.Builder(exchange.method(), exchange.uri().getRawPath());
        exchange.request().headers().map().forEach(builder::withHeader);
        queryOf(exchange.uri().getRawQuery()).forEach((name, values) -> {
            if (queryPrefixes.stream().noneMatch(name::startsWith)) {
                builder.withQueryParam(name, values);
            }
        });
        if (exchange.requestBody().length > 0) {
            builder.withBody(exchange.requestBody());
        }
        return builder.build();
    }

    private static SimpleResponse response(Exchange exchange) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(exchange.answer().status())
                .withBody(exchange.answer().text());
        exchange.answer().headers().map().forEach(builder::withHeader);
        return builder.build();
    }

    private static List<String> queryPrefixes(OpenAPI api) {
        TreeSet<String> prefixes = new TreeSet<>();
        api.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getParameters() != null) {
                operation.getParameters().stream()
                        .filter(parameter -> "query".equals(parameter.getIn()) && parameter.getName().endsWith("*"))
                        .forEach(parameter -> prefixes.add(parameter.getName().substring(0,
                                parameter.getName().length() - 1)));
            }
        }));
        return List.copyOf(prefixes);
    }

    private static Map<String, List<String>> queryOf(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            query.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static OpenApiContract load() {
        String yaml;
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(OpenApiDocument.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OpenApiDocument.RESOURCE + " is not on the classpath");
            }
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(yaml, null, options);
        if (parsed.getOpenAPI() == null || (parsed.getMessages() != null && !parsed.getMessages().isEmpty())) {
            throw new IllegalStateException("the OpenAPI document does not parse cleanly: " + parsed.getMessages());
        }
        return new OpenApiContract(yaml, parsed.getOpenAPI());
    }
}
