package dev.tokenkeeper.server.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tokenkeeper.core.port.AccountSubjectStore;
import dev.tokenkeeper.core.provider.AccountSettings;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.server.connection.TokenSubject;
import dev.tokenkeeper.server.diagnosis.WhoamiAnswer;
import dev.tokenkeeper.server.diagnosis.WhoamiClient;
import dev.tokenkeeper.server.http.Json;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether a connect brought back the account a connection belongs to: reads the account subject of new tokens
 * (the provider config's {@code account.token_field}, else an {@code id_token}'s {@code sub}, else
 * {@code account.whoami_field} in the answer of the provider's whoami call made with the new access token), and keeps
 * each connection's subject. Subjects are account ids, not secrets, but they are never logged.
 */
final class SameAccount {
    private static final Logger LOG = LoggerFactory.getLogger(SameAccount.class);

    private final AccountSubjectStore subjects;
    private final WhoamiClient whoami;

    /** @param whoami the bounded client that calls the provider's whoami (diagnosis uses the same) */
    SameAccount(AccountSubjectStore subjects, WhoamiClient whoami) {
        this.subjects = subjects;
        this.whoami = whoami;
    }

    /** Reads and keeps no subject: every account is accepted (for tests of the rest of the callback). */
    static SameAccount off() {
        return new SameAccount(null, null);
    }

    /** The subject the new tokens belong to, or empty when the provider cannot tell (or did not say). */
    Optional<String> subjectOf(ProviderConfig provider, TokenSet tokens) {
        if (subjects == null) {
            return Optional.empty();
        }
        Optional<String> fromToken = TokenSubject.of(provider.account(), tokens);
        if (fromToken.isPresent() || provider.account().whoamiField() == null) {
            return fromToken;
        }
        return fromWhoami(provider, tokens);
    }

    private Optional<String> fromWhoami(ProviderConfig provider, TokenSet tokens) {
        AccountSettings account = provider.account();
        if (provider.whoami() == null || provider.apiBaseUrl() == null) {
            LOG.warn("provider={} account.whoami_field is set but the provider has no whoami call or api_base_url:"
                    + " the account is not checked", provider.key());
            return Optional.empty();
        }
        URI url = URI.create(provider.apiBaseUrl().toString().replaceAll("/+$", "") + provider.whoami().path());
        WhoamiAnswer answer = whoami.call(url, provider.whoami().method(), tokens.accessToken());
        if (answer instanceof WhoamiAnswer.Answered answered && answered.status() / 100 == 2
                && !answered.truncated()) {
            try {
                Optional<String> subject = TokenSubject.text(Json.mapper().readTree(answered.body())
                        .at(account.whoamiPointer()));
                if (subject.isEmpty()) {
                    LOG.warn("provider={} the whoami answer has no usable value at account.whoami_field: the account"
                            + " is not checked", provider.key());
                }
                return subject;
            } catch (JsonProcessingException e) {
                LOG.warn("provider={} the whoami answer is not JSON: the account is not checked", provider.key());
                return Optional.empty();
            }
        }
        LOG.warn("provider={} url={} the whoami call gave no usable answer ({}): the account is not checked",
                provider.key(), url, describe(answer));
        return Optional.empty();
    }

    private static String describe(WhoamiAnswer answer) {
        return switch (answer) {
            case WhoamiAnswer.Answered answered -> "HTTP " + answered.status();
            case WhoamiAnswer.NotSent notSent -> "not sent: " + notSent.why();
            case WhoamiAnswer.Failed failed -> failed.why();
        };
    }

    /** The connection's stored subject, or empty when none is known. */
    Optional<String> stored(String connectionId) {
        return subjects == null ? Optional.empty() : subjects.find(connectionId);
    }

    /** Keeps the connection's subject. */
    void store(String connectionId, String subject) {
        if (subjects != null) {
            subjects.store(connectionId, subject);
        }
    }
}
