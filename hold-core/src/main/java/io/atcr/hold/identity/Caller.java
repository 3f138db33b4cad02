package io.atcr.hold.identity;

/**
 * Who is calling, as proven by a verified service token: the token's issuer DID. {@code boundToMethod} says whether
 * the token named the method called ({@code lxm}); tokens without {@code lxm} are good for any method, which some
 * methods (the AppView's {@code updateCrewTier}) do not accept.
 */
public record Caller(String did, boolean boundToMethod) {
}
