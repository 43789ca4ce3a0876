package dev.tokenkeeper.server.cli;

import java.util.Map;

/** A command that reads its settings from the environment, which tests replace with a map of their own. */
interface EnvironmentAware {
    void environment(Map<String, String> environment);
}
