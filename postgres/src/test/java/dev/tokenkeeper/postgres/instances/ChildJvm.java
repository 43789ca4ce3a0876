package dev.tokenkeeper.postgres.instances;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM: this JVM's java binary and class path, a small heap and a quick start (three
 * children must fit on a small machine next to the build), and the access flags this JVM was started with.
 */
final class ChildJvm {
    /** Flags that grant access rather than tune, copied from this JVM so a child may do what the test fork may. */
    private static final List<String> INHERITED = List.of("--enable-native-access", "--sun-misc-unsafe-memory-access",
            "--add-opens", "--add-exports", "--add-modules", "--enable-preview");
    /**
     * JDK 24+ warns when Tink's protobuf calls sun.misc.Unsafe, that is protobuf's business (as core's pom says of
     * Jazzer); JDK 21 does not know the flag.
     */
    private static final String UNSAFE_ACCESS = "--sun-misc-unsafe-memory-access";
    private static final List<String> SMALL_AND_QUICK = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xshare:auto", "-XX:+DisplayVMOutputToStderr");
    private static final List<String> LOGGING = List.of("-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");

    private ChildJvm() {}

    /** The command line; {@code jvmFlags} come after the defaults, so one of them overrides a default. */
    static List<String> command(Class<?> mainClass, List<String> jvmFlags, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(SMALL_AND_QUICK);
        command.addAll(inheritedFlags());
        command.addAll(jvmFlags);
        command.addAll(LOGGING);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(arguments);
        return command;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static List<String> inheritedFlags() {
        List<String> flags = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(flag -> flag.contains("=") && INHERITED.stream().anyMatch(flag::startsWith))
                .toList());
        if (Runtime.version().feature() >= 24 && flags.stream().noneMatch(flag -> flag.startsWith(UNSAFE_ACCESS))) {
            flags.add(UNSAFE_ACCESS + "=allow");
        }
        return flags;
    }
}
