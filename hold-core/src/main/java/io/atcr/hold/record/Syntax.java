package io.atcr.hold.record;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ATProto's identifier syntaxes, as its specifications give them and Bluesky's interop fixtures test them: DIDs,
 * handles, NSIDs, record keys, TIDs, AT-URIs and datetimes. Each check answers whether the text is valid; none throws.
 */
public final class Syntax {
    private static final Pattern DID = Pattern.compile("did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]");
    private static final Pattern HANDLE = Pattern.compile(
            "([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?");
    private static final Pattern NSID = Pattern.compile(
            "[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+\\.[a-zA-Z][a-zA-Z0-9]{0,62}");
    private static final Pattern RECORD_KEY = Pattern.compile("[a-zA-Z0-9_~.:-]{1,512}");
    private static final Pattern TID = Pattern.compile("[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}");
    private static final Pattern AT_URI = Pattern.compile("at://([^/#?\\s]+)(/([^/#?\\s]+)(/([^/#?\\s]+))?)?");
    private static final Pattern DATETIME = Pattern.compile(
            "[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:[0-6][0-9](\\.[0-9]{1,20})?(Z|[+-][0-2][0-9]:[0-5][0-9])");

    private Syntax() {
    }

    public static boolean isDid(String text) {
        return text != null && text.length() <= 2048 && DID.matcher(text).matches();
    }

    public static boolean isHandle(String text) {
        return text != null && text.length() <= 253 && HANDLE.matcher(text).matches();
    }

    public static boolean isNsid(String text) {
        return text != null && text.length() <= 317 && NSID.matcher(text).matches();
    }

    public static boolean isRecordKey(String text) {
        return text != null && RECORD_KEY.matcher(text).matches() && !text.equals(".") && !text.equals("..");
    }

    public static boolean isTid(String text) {
        return text != null && TID.matcher(text).matches();
    }

    /** {@code at://AUTHORITY[/COLLECTION[/RKEY]]}: a DID or handle, an NSID, a record key; no query or fragment. */
    public static boolean isAtUri(String text) {
        if (text == null || text.length() > 8192) {
            return false;
        }
        Matcher m = AT_URI.matcher(text);
        if (!m.matches()) {
            return false;
        }
        boolean authority = isDid(m.group(1)) || isHandle(m.group(1));
        return authority && (m.group(3) == null || isNsid(m.group(3))) && (m.group(5) == null || isRecordKey(m.group(5)));
    }

    /** RFC 3339 as ATProto restricts it: upper-case T, seconds, a zone of Z or ±hh:mm (never -00:00). */
    public static boolean isDatetime(String text) {
        return text != null && text.length() <= 64 && DATETIME.matcher(text).matches() && !text.endsWith("-00:00");
    }

    /** A datetime whose syntax is valid and that names a real moment: no month 13, and not before year 0 in UTC. */
    public static boolean isParsableDatetime(String text) {
        if (!isDatetime(text)) {
            return false;
        }
        try {
            return OffsetDateTime.parse(text).toInstant().isAfter(java.time.Instant.parse("0000-01-01T00:00:00Z").minusNanos(1));
        } catch (DateTimeException e) {
            return false;
        }
    }
}
