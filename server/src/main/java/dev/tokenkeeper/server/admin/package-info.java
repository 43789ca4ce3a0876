/**
 * The admin console under {@code /admin}: HTML pages rendered from jte templates precompiled at build time, behind a
 * sign-in with an API key that yields an encrypted session cookie and a CSRF token on every form.
 */
package dev.tokenkeeper.server.admin;
