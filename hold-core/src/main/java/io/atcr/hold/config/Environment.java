package io.atcr.hold.config;

import io.atcr.hold.identity.Did;
import io.atcr.hold.tier.ByteSize;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** The one place that reads the environment. A bad value stops the start with one line naming the variable. */
public final class Environment {

    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("([0-9]{1,9})([smhd])");

    private final Map<String, String> env;

    private Environment(Map<String, String> env) {
        this.env = env;
    }

    public static HoldConfig read(Map<String, String> env) {
        return new Environment(env).read();
    }

    private HoldConfig read() {
        ListenAddress listen = ListenAddress.parse("HOLD_SERVER_ADDR", get("HOLD_SERVER_ADDR", ":8080"));
        URI publicUrl = httpUrl("HOLD_PUBLIC_URL", "http://localhost:" + (listen.port() == 0 ? 8080 : listen.port()));
        if (!Origins.isBareOrigin(publicUrl)) {
            throw new ConfigException("HOLD_PUBLIC_URL=" + publicUrl + ": must be a bare origin (scheme, host, port) without "
                    + "a path, query or fragment, since the hold DID is did:web of its host");
        }
        Path databaseDir = Path.of(get("HOLD_DATABASE_DIR", "./data"));
        java.util.Optional<String> owner = did("HOLD_OWNER", "the captain's DID");
        String root = optional("STORAGE_ROOT_DIR");
        Storage storage = switch (get("STORAGE_DRIVER", Storage.Filesystem.DRIVER)) {
            case Storage.Filesystem.DRIVER -> new Storage.Filesystem(root == null ? databaseDir.resolve("blobs") : Path.of(root));
            case S3Settings.DRIVER -> s3();
            default -> throw new ConfigException("STORAGE_DRIVER=" + get("STORAGE_DRIVER", "") + ": expected filesystem or s3");
        };
        return new HoldConfig(
                publicUrl,
                listen,
                databaseDir,
                Path.of(get("HOLD_SIGNING_KEY_PATH", databaseDir.resolve("signing.key").toString())),
                new HoldConfig.Access(owner, bool("HOLD_PUBLIC"), bool("HOLD_ALLOW_ALL_CREW"),
                        did("HOLD_APPVIEW_DID", "the AppView's DID"),
                        did("HOLD_SUCCESSOR_DID", "the DID of the hold this one moved to"), bool("HOLD_BLUESKY_POSTS")),
                Path.of(get("HOLD_QUOTAS_PATH", "config/quotas.yaml")),
                optional("HOLD_QUOTAS_PATH") != null,
                httpUrl("HOLD_PLC_DIRECTORY_URL", "https://plc.directory"),
                storage,
                bool("HOLD_DID_WEB_ALLOW_PRIVATE"),
                new HoldConfig.Limits(size("HOLD_MAX_PART_SIZE", "5GB"), duration("HOLD_GC_GRACE", "24h"),
                        duration("HOLD_SHUTDOWN_GRACE", "30s"), duration("HOLD_FIREHOSE_RETENTION", "72h")),
                relays(),
                stripe());
    }

    private HoldConfig.StripeSettings stripe() {
        String apiBase = optional("STRIPE_API_BASE");
        return new HoldConfig.StripeSettings(
                java.util.Optional.ofNullable(secret("STRIPE_SECRET_KEY", "sk_", "rk_")),
                java.util.Optional.ofNullable(secret("STRIPE_WEBHOOK_SECRET", "whsec_")),
                java.util.Optional.ofNullable(prefixed("STRIPE_PUBLISHABLE_KEY", "pk_")),
                java.util.Optional.ofNullable(apiBase).map(base -> httpUrl("STRIPE_API_BASE", base)));
    }

    private static final java.util.regex.Pattern BUCKET = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final java.util.regex.Pattern REGION = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final java.util.regex.Pattern PREFIX = java.util.regex.Pattern.compile("[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*");
    /** SigV4 presigned URLs live at most a week. */
    private static final Duration LONGEST_PRESIGN = Duration.ofDays(7);

    private S3Settings s3() {
        String bucket = optional("S3_BUCKET");
        if (bucket == null) {
            throw new ConfigException("S3_BUCKET: required with STORAGE_DRIVER=s3; name the bucket the blobs go to, which must exist");
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new ConfigException("S3_BUCKET=" + bucket + ": not a bucket name (3 to 63 lowercase letters, digits, dots and hyphens)");
        }
        String region = get("S3_REGION", "us-east-1");
        if (!REGION.matcher(region).matches()) {
            throw new ConfigException("S3_REGION=" + region + ": expected a region like us-east-1 or auto");
        }
        String endpoint = optional("S3_ENDPOINT");
        Duration ttl = duration("S3_PRESIGN_TTL", "15m");
        if (ttl.isZero() || ttl.compareTo(LONGEST_PRESIGN) > 0) {
            throw new ConfigException("S3_PRESIGN_TTL=" + get("S3_PRESIGN_TTL", "") + ": presigned URLs last from 1s to 7d");
        }
        return new S3Settings(bucket, region, java.util.Optional.ofNullable(endpoint).map(at -> httpUrl("S3_ENDPOINT", at)),
                bool("S3_PATH_STYLE"),
                prefix(), ttl, boolOr("S3_VERIFY_DIGEST", true), bool("S3_PROXY_DOWNLOADS"), awsKeys());
    }

    /** {@code S3_PREFIX} without slashes at either end, then one after it: {@code a/b/}; empty when unset. */
    private String prefix() {
        String text = optional("S3_PREFIX");
        if (text == null) {
            return "";
        }
        String trimmed = text.replaceAll("^/+|/+$", "");
        if (trimmed.isEmpty()) {
            return "";
        }
        if (!PREFIX.matcher(trimmed).matches() || java.util.Arrays.asList(trimmed.split("/")).contains("..")) {
            throw new ConfigException("S3_PREFIX=" + text + ": expected a key prefix like holds/hold1, of letters, digits and "
                    + "!_.*'()- between single slashes");
        }
        return trimmed + "/";
    }

    /** Static keys when the environment gives them; otherwise the AWS default chain (profiles, instance roles). */
    private java.util.Optional<S3Settings.Keys> awsKeys() {
        String id = optional("AWS_ACCESS_KEY_ID");
        String secret = optional("AWS_SECRET_ACCESS_KEY");
        if (id == null && secret == null) {
            return java.util.Optional.empty();
        }
        if (id == null || secret == null) {
            throw new ConfigException((id == null ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY")
                    + ": required when " + (id == null ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID")
                    + " is set; give both, or neither to use the AWS default credential chain");
        }
        String token = optional("AWS_SESSION_TOKEN");
        return java.util.Optional.of(new S3Settings.Keys(id, new Secret(secret), java.util.Optional.ofNullable(token).map(Secret::new)));
    }

    private Secret secret(String name, String... prefixes) {
        String value = optional(name);
        if (value == null) {
            return null;
        }
        for (String prefix : prefixes) {
            if (value.startsWith(prefix)) {
                return new Secret(value);
            }
        }
        // Never echo a secret, even a malformed one.
        throw new ConfigException(name + ": expected a value starting with " + String.join(" or ", prefixes) + " (value not shown)");
    }

    private java.util.List<URI> relays() {
        String text = optional("HOLD_RELAYS");
        if (text == null) {
            return java.util.List.of();
        }
        java.util.List<URI> relays = new java.util.ArrayList<>();
        for (String part : text.split(",")) {
            String url = part.trim();
            if (url.isEmpty()) {
                continue;
            }
            URI relay = url("HOLD_RELAYS", url, "https://bsky.network");
            if (!Origins.isBareOrigin(relay)) {
                throw new ConfigException("HOLD_RELAYS: " + url + " must be a relay's base URL (scheme, host, port), like https://bsky.network");
            }
            relays.add(relay);
        }
        return java.util.List.copyOf(relays);
    }

    private java.util.Optional<String> did(String name, String what) {
        String value = optional(name);
        if (value != null && !Did.isValid(value)) {
            throw new ConfigException(name + "=" + value + ": expected " + what
                    + ", like did:plc:abcdefghijklmnopqrstuvwx or did:web:example.com");
        }
        return java.util.Optional.ofNullable(value);
    }

    private String prefixed(String name, String prefix) {
        String value = optional(name);
        if (value != null && !value.startsWith(prefix)) {
            throw new ConfigException(name + ": expected a value starting with " + prefix);
        }
        return value;
    }

    private boolean bool(String name) {
        return boolOr(name, false);
    }

    private boolean boolOr(String name, boolean fallback) {
        String value = get(name, String.valueOf(fallback)).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new ConfigException(name + "=" + value + ": expected true or false");
        };
    }

    private long size(String name, String fallback) {
        String text = get(name, fallback);
        return ByteSize.parse(text).filter(bytes -> bytes > 0).orElseThrow(() -> new ConfigException(name + "=" + text
                + ": expected a size like 5GB or 512MB (units B, KB, MB, GB, TB, PB)"));
    }

    private Duration duration(String name, String fallback) {
        String text = get(name, fallback);
        java.util.regex.Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new ConfigException(name + "=" + text + ": expected a duration like 30s, 15m, 24h or 7d");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private URI httpUrl(String name, String fallback) {
        return url(name, get(name, fallback), fallback);
    }

    private static URI url(String name, String text, String example) {
        try {
            URI uri = new URI(text);
            if (!Origins.isHttpUrl(uri)) {
                throw new ConfigException(name + "=" + text + ": expected an http or https URL, like " + example);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(name + "=" + text + ": not a URL (" + e.getReason() + ")");
        }
    }

    private String get(String name, String fallback) {
        String value = optional(name);
        return value == null ? fallback : value;
    }

    private String optional(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
