/**
 * Opt-in load harnesses run by {@code ./tokenkeeper bench}: a Tokenkeeper and a fake provider started in-process on
 * loopback, driven by virtual-thread clients, with latency recorded in HdrHistograms and reported as a Markdown table
 * for {@code BENCHMARKS.md}, each speed against a baseline measured in the same run.
 */
package dev.tokenkeeper.bench;
