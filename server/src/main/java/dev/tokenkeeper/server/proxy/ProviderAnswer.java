package dev.tokenkeeper.server.proxy;

import dev.tokenkeeper.core.provider.ErrorExpression;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.FailureClass;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A provider's response to one proxied request: status and headers, and a body that is still streaming, of which a
 * small one may have been read ahead to let the provider's error expression judge it.
 */
final class ProviderAnswer implements AutoCloseable {
    private final HttpResponse<InputStream> response;
    private byte[] head = new byte[0];
    private boolean complete;

    ProviderAnswer(HttpResponse<InputStream> response) {
        this.response = response;
    }

    int status() {
        return response.statusCode();
    }

    Map<String, List<String>> headers() {
        return response.headers().map();
    }

    /**
     * Whether the provider says the access token was not accepted: a status among its {@code auth_failure_statuses},
     * or its error expression classing the answer {@code needs_reauth}. The expression sees only bodies of at most
     * {@code inspectLimit} bytes that are not content-encoded; reading one ahead may throw when the provider breaks.
     */
    boolean isAuthFailure(ProviderConfig provider, int inspectLimit) throws IOException {
        if (provider.authFailureStatuses().contains(status())) {
            return true;
        }
        ErrorExpression expression = provider.errorExpression();
        if (expression == null || encoded() || response.headers().firstValueAsLong("content-length")
                .orElse(0) > inspectLimit) {
            return false;
        }
        readAhead(inspectLimit);
        return complete && expression.evaluate(status(), headers(), new String(head, StandardCharsets.UTF_8))
                .filter(verdict -> verdict.failureClass() == FailureClass.NEEDS_REAUTH).isPresent();
    }

    /** The body from its first byte, including what was read ahead. */
    InputStream body() {
        if (head.length == 0) {
            return response.body();
        }
        InputStream readAhead = new ByteArrayInputStream(head);
        return complete ? readAhead : new SequenceInputStream(readAhead, response.body());
    }

    /** Drops the response (its connection is not reused when the body was not read to its end). */
    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // nothing more to read from it either way
        }
    }

    private void readAhead(int limit) throws IOException {
        head = response.body().readNBytes(limit + 1);
        complete = head.length <= limit;
        if (complete) {
            close();
        }
    }

    private boolean encoded() {
        return response.headers().firstValue("content-encoding")
                .filter(encoding -> !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")).isPresent();
    }
}
