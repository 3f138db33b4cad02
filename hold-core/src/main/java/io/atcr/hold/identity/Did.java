package io.atcr.hold.identity;

import java.util.regex.Pattern;

/** DID syntax as ATProto accepts it: {@code did:method:identifier}. Whether it resolves is the resolver's business. */
public final class Did {
    private static final Pattern SYNTAX = Pattern.compile("did:[a-z]+:[A-Za-z0-9._:%-]*[A-Za-z0-9._-]");
    private static final int MAX_LENGTH = 2048;

    private Did() {
    }

    public static boolean isValid(String text) {
        return text != null && text.length() <= MAX_LENGTH && SYNTAX.matcher(text).matches();
    }
}
