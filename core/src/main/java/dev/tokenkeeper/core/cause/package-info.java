/**
 * The one catalogue of causes: every verdict about a connection or a provider names a stable cause code, who must act
 * ({@link dev.tokenkeeper.core.cause.Actor}), and the fix in one sentence that names the field or the action.
 */
package dev.tokenkeeper.core.cause;
