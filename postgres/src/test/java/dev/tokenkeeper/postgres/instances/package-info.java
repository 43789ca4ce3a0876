/**
 * Tokenkeeper instances as separate JVM processes, for tests of what only separate processes show (single flight
 * across processes, an instance killed with SIGKILL, a whole service killed with its database): {@link
 * dev.tokenkeeper.postgres.instances.InstanceMain} runs in each child and answers a line protocol on stdin/stdout,
 * {@link dev.tokenkeeper.postgres.instances.InstanceProcess} and {@link dev.tokenkeeper.postgres.instances.Instances}
 * start, drive, kill and replace children from the test; {@link dev.tokenkeeper.postgres.instances.SharedDeployment}
 * holds what instances sharing one PostgreSQL share, and {@link dev.tokenkeeper.postgres.instances.EmbeddedDeployment}
 * what an instance running its own embedded PostgreSQL keeps across kills ({@link
 * dev.tokenkeeper.postgres.instances.PowerCut} kills both).
 */
package dev.tokenkeeper.postgres.instances;
