/** Many callers released at once, for tests of what must happen once however many ask (single flight). */
package dev.tokenkeeper.testkit.callers;
