package io.atcr.hold.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The storage drivers a storage test runs on: each configures a {@link TestHold} for itself. The S3 driver gets a
 * fresh bucket of the test JVM's {@link S3Server}.
 */
public enum Storage {
    FILESYSTEM {
        @Override
        public TestHold.Builder configure(TestHold.Builder hold) {
            return hold;
        }

        @Override
        public List<String> stored(TestHold hold) {
            Path root = Path.of(hold.env().get("HOLD_DATABASE_DIR")).resolve("blobs");
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    },
    S3 {
        @Override
        public TestHold.Builder configure(TestHold.Builder hold) {
            S3Server server = S3Server.shared();
            server.holdEnv(server.newBucket()).forEach(hold::env);
            return hold;
        }

        @Override
        public List<String> stored(TestHold hold) {
            S3Client s3 = S3Server.shared().client();
            String bucket = hold.env().get("S3_BUCKET");
            List<String> stored = new ArrayList<>();
            s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream().filter(o -> !s3proxysOwn(o.key()))
                    .forEach(o -> stored.add(o.key()));
            s3.listMultipartUploads(r -> r.bucket(bucket)).uploads().forEach(u -> stored.add("multipart upload " + u.key()));
            return stored.stream().sorted().toList();
        }
    };

    /**
     * Keys s3proxy's filesystem backend lists of its own: its folders (ending in a slash) and, while a multipart
     * upload is open, its stub objects ({@code .mpus-…} and the upload's id). The hold never reads or writes them.
     */
    private static boolean s3proxysOwn(String key) {
        return key.endsWith("/") || key.startsWith(".mpus-") || key.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    /** A part size both drivers take for every part but the last (a bucket wants 5 MiB at least). */
    public static final int PART = 5 * 1024 * 1024;

    public abstract TestHold.Builder configure(TestHold.Builder hold);

    /**
     * The drivers a shared storage suite runs on ({@code @ArgumentsSource(Storage.Drivers.class)}): every one, or
     * those {@code -Dhold.test.storage} names, comma-separated. The billing build names the filesystem alone: the
     * module changes nothing in storage, and the build without billing runs the suites on every driver.
     */
    public static final class Drivers implements ArgumentsProvider {
        @Override
        public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
            String chosen = System.getProperty("hold.test.storage", "");
            return Arrays.stream(values())
                    .filter(driver -> chosen.isBlank() || Arrays.asList(chosen.toUpperCase(Locale.ROOT).split(",")).contains(driver.name()))
                    .map(Arguments::of);
        }
    }

    /** Everything the hold's storage holds: files under the root, or the bucket's objects and multipart uploads. */
    public abstract List<String> stored(TestHold hold);

    /** What {@link #stored} lists besides finished blobs: parts, staging objects, temporary files. */
    public List<String> inProgress(TestHold hold) {
        return stored(hold).stream().filter(name -> !name.matches("(.*/)?(sha256|blobs/sha256)/[0-9a-f]{2}/[0-9a-f]{64}")).toList();
    }
}
