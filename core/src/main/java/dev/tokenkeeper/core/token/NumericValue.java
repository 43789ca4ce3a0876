package dev.tokenkeeper.core.token;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads a field that should be a number: a JSON number, or a decimal string such as {@code "3600.0"}. */
final class NumericValue {
    /** Plain decimals only: no exponent, so a string can never stand for a number too large to handle. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d{1,40}(\\.\\d{1,40})?");

    /** The value as an exact decimal, or empty when it is not a finite number. */
    static Optional<BigDecimal> of(Object value) {
        return switch (value) {
            case Long whole -> Optional.of(BigDecimal.valueOf(whole));
            case Integer whole -> Optional.of(BigDecimal.valueOf(whole));
            case BigInteger whole -> Optional.of(new BigDecimal(whole));
            case Double fraction when Double.isFinite(fraction) -> Optional.of(BigDecimal.valueOf(fraction));
            case String text -> decimal(text.strip());
            case null, default -> Optional.empty();
        };
    }

    private static Optional<BigDecimal> decimal(String text) {
        return DECIMAL.matcher(text).matches() ? Optional.of(new BigDecimal(text)) : Optional.empty();
    }

    private NumericValue() {}
}
