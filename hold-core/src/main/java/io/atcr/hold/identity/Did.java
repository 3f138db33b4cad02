package io.atcr.hold.identity;

import io.atcr.hold.record.Syntax;
import java.util.regex.Pattern;

/** DID syntax as ATProto accepts it: {@code did:method:identifier}. Whether it resolves is the resolver's business. */
public final class Did {
    private static final Pattern PLC = Pattern.compile("did:plc:[a-z2-7]{24}");

    private Did() {
    }

    /** ATProto's DID syntax; the rule lives with the other identifiers' in {@link Syntax}. */
    public static boolean isValid(String text) {
        return Syntax.isDid(text);
    }

    /** A {@code did:plc} (24 base32 characters). */
    public static boolean isPlc(String text) {
        return text != null && PLC.matcher(text).matches();
    }

    /** A DID this hold can resolve and so accept as a user: a {@code did:plc}, or a {@code did:web} of a host. */
    public static boolean isResolvable(String text) {
        return isPlc(text) || WebDid.parse(text).isPresent();
    }
}
