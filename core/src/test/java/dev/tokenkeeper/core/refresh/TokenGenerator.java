package dev.tokenkeeper.core.refresh;

import java.util.List;
import java.util.SplittableRandom;

/** Seeded generators of token-looking secrets and of text around them, for redaction tests. */
final class TokenGenerator {
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String HEX = "0123456789abcdef";
    private static final List<String> PREFIXES = List.of("", "ya29.", "1//", "xoxb-", "gho_", "eyJ", "sl.", "EwB");
    private static final List<String> AROUND = List.of("", " ", "The token ", "refresh_token=", "\"access_token\":\"",
            "Bearer ", "error: ", "(", "\n", "<b>", "AADSTS700082: ", "code=", "&", "\"", ". Trace ID: ", "x");

    private TokenGenerator() {}

    /** A secret of 20 to 80 characters that holds at least one digit, like real access and refresh tokens. */
    static String token(SplittableRandom random) {
        String alphabet = random.nextBoolean() ? BASE64URL : HEX;
        StringBuilder token = new StringBuilder(PREFIXES.get(random.nextInt(PREFIXES.size())));
        int length = 20 + random.nextInt(61);
        while (token.length() < length) {
            token.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        token.setCharAt(token.length() - 1 - random.nextInt(10), (char) ('0' + random.nextInt(10)));
        if (random.nextInt(4) == 0) {
            token.insert(token.length() / 2, '.').insert(token.length() / 3, '.');  // JWT-like segments
        }
        return token.toString();
    }

    /** A random bit of prose, JSON or form text to put next to a token. */
    static String surroundings(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
            text.append(AROUND.get(random.nextInt(AROUND.size())));
        }
        return text.toString();
    }
}
