package dev.tokenkeeper.postgres.instances;

import java.util.List;

/** One command of an instance's line protocol: its words after the name in, the payload of its answer out. */
@FunctionalInterface
interface Command {

    /**
     * Runs the command; a thrown exception becomes an {@code error} answer and the instance keeps serving.
     *
     * @return the answer's payload, on one line
     */
    String run(List<String> arguments) throws Exception;
}
