package dev.tokenkeeper.core.connection;

import java.util.List;

/**
 * Makes any text storable: the NUL character (which PostgreSQL's {@code text} and {@code jsonb} refuse) and unpaired
 * surrogates (no character at all, so no encoding can hold them) become U+FFFD. Every record that can carry a
 * provider's words passes its text through here, so whatever a provider sends, its attempt can be stored.
 */
public final class StorableText {

    /** What an unstorable character becomes. */
    public static final char REPLACEMENT = '\uFFFD';

    private StorableText() {}

    /** The text with every unstorable character replaced by {@link #REPLACEMENT}; null stays null. */
    public static String of(String text) {
        int count = unstorable(text);
        if (count == 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c == 0 || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return out.toString();
    }

    /** Each text made storable, in order. */
    public static List<String> of(List<String> texts) {
        return texts.stream().map(StorableText::of).toList();
    }

    /** How many characters of {@code text} cannot be stored (0 for null). */
    public static int unstorable(String text) {
        if (text == null) {
            return 0;
        }
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (c == 0 || Character.isSurrogate(c)) {
                count++;
            }
        }
        return count;
    }
}
