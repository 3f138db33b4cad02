package io.atcr.hold.identity;

/** Who is calling, as proven by a verified service token: the token's issuer DID. */
public record Caller(String did) {
}
