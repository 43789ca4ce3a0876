package dev.tokenkeeper.postgres.instances;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The commands an instance understands, by name; every line in gets exactly one {@code ok}/{@code error} line out. */
final class Commands {
    private final Map<String, Command> byName = new TreeMap<>();

    Commands register(String name, Command command) {
        if (byName.putIfAbsent(name, command) != null) {
            throw new IllegalArgumentException("command registered twice: " + name);
        }
        return this;
    }

    /** Runs the line's command: {@code ok <payload>}, or {@code error <why>} on one line. */
    String dispatch(String line) {
        List<String> words = Arrays.asList(line.trim().split("\\s+"));
        Command command = byName.get(words.getFirst());
        if (command == null) {
            return "error unknown command '" + words.getFirst() + "'; known: " + String.join(", ", byName.keySet())
                    + ", " + InstanceMain.QUIT;
        }
        try {
            return oneLine("ok " + command.run(words.subList(1, words.size())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "error interrupted";
        } catch (Exception e) {
            return oneLine("error " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\R", " | ");
    }
}
