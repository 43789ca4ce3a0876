package dev.tokenkeeper.server.http;


/** Reads whole-number query parameters within bounds. */
public final class QueryParams {
    private QueryParams() {}

    public static int intWithin(String value, String name, int min, int max, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.invalidField(name, "must be a whole number from " + min + " to " + max);
    }
}
