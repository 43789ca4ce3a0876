/**
 * JMH microbenchmarks of the library's hot paths (a token hit, the expiry decision, token response parsing, failure
 * classification), each beside a baseline in the same class, run by {@code ./tokenkeeper bench jmh [regex]}.
 */
package dev.tokenkeeper.bench.jmh;
