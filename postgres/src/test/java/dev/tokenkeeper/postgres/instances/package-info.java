/**
 * Tokenkeeper instances as separate JVM processes sharing one PostgreSQL, for tests of what only separate processes
 * show (single flight across processes, an instance killed with SIGKILL): {@link
 * dev.tokenkeeper.postgres.instances.InstanceMain} runs in each child and answers a line protocol on stdin/stdout,
 * {@link dev.tokenkeeper.postgres.instances.InstanceProcess} and {@link dev.tokenkeeper.postgres.instances.Instances}
 * start, drive, kill and replace children from the test, and {@link
 * dev.tokenkeeper.postgres.instances.SharedDeployment} holds what they share.
 */
package dev.tokenkeeper.postgres.instances;
