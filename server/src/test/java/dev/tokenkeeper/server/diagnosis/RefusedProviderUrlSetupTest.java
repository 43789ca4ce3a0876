package dev.tokenkeeper.server.diagnosis;

import static dev.tokenkeeper.server.diagnosis.Setups.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.diagnosis.Setups.Imported;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A provider stored with loopback URLs, served by a Tokenkeeper started without TOKENKEEPER_ALLOW_PRIVATE_URLS (the
 * setting was dropped on a restart): nothing is sent, and the diagnosis names the setting.
 */
class RefusedProviderUrlSetupTest {
    @RegisterExtension
    static final Setups setups = new Setups(settings -> settings.withAllowPrivateUrls(false));

    @Test
    void diagnosis_namesProviderUrlRefused_whenTheProviderIsOnAPrivateAddressWithoutTheSetting() {
        Imported connection = setups.importNew(TestService.PROVIDER);
        long tokenRequests = setups.provider().tokenRequestCount();

        setups.refresh(connection.id());

        assertThat(setups.provider().tokenRequestCount()).isEqualTo(tokenRequests);
        setups.assertVerdict(connection.id(), expect("misconfigured", Cause.PROVIDER_URL_REFUSED)
                .fixNames("TOKENKEEPER_ALLOW_PRIVATE_URLS").evidence("127.0.0.1"));
    }
}
