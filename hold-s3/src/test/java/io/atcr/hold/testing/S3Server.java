package io.atcr.hold.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server on loopback for the tests: s3proxy over a temporary folder, with SigV2/SigV4 checking on, so that
 * presigned URLs, their expiry and the multipart rules are the server's, not ours. It runs in this JVM, in a class
 * loader of its own (its Jetty 11 and the hold's Jetty 12 never meet); one server serves a whole test JVM, each
 * hold its own bucket.
 */
public final class S3Server {
    public static final String IDENTITY = "hold-test-access-key";
    public static final String CREDENTIAL = "hold-test-secret-key-that-is-long-enough";
    public static final String REGION = "us-east-1";

    private static S3Server shared;
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final URI endpoint;
    private final S3Client client;

    private S3Server(URI endpoint) {
        this.endpoint = endpoint;
        this.client = S3Client.builder().region(Region.of(REGION)).endpointOverride(endpoint).forcePathStyle(true)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
                .build();
    }

    /** The test JVM's S3 server, started on first use. */
    public static synchronized S3Server shared() {
        if (shared == null) {
            shared = new S3Server(start());
        }
        return shared;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client of the test's own, to look into the bucket as an operator would. */
    public S3Client client() {
        return client;
    }

    /** Creates a new, empty bucket and answers its name. */
    public String newBucket() {
        String name = "hold-test-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
        client.createBucket(r -> r.bucket(name));
        return name;
    }

    /** The environment of a hold on {@code bucket} at {@code endpoint} (this server, or a relay in front of it). */
    public static Map<String, String> holdEnv(URI endpoint, String bucket) {
        return Map.of("STORAGE_DRIVER", "s3", "S3_BUCKET", bucket, "S3_ENDPOINT", endpoint.toString(),
                "S3_PATH_STYLE", "true", "S3_REGION", REGION, "AWS_ACCESS_KEY_ID", IDENTITY,
                "AWS_SECRET_ACCESS_KEY", CREDENTIAL);
    }

    public Map<String, String> holdEnv(String bucket) {
        return holdEnv(endpoint, bucket);
    }

    private static URI start() {
        try {
            Path base = Files.createTempDirectory("s3proxy");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(base), "s3proxy-cleanup"));
            String jar = System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar");
            if (!Files.isRegularFile(Path.of(jar))) {
                throw new IllegalStateException(jar + " is missing; mvn generate-test-resources copies it there");
            }
            // s3proxy's logback: warnings only, and not its own start-up report
            System.setProperty("LOG_LEVEL", System.getProperty("LOG_LEVEL", "warn"));
            System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
            ClassLoader isolated = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(isolated);
            try {
                return launch(isolated, base);
            } finally {
                thread.setContextClassLoader(before);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("s3proxy did not start: " + e, e);
        }
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless
        }
    }

    /** s3proxy's own start, by reflection, since none of its classes are on this class path. */
    private static URI launch(ClassLoader loader, Path base) throws ReflectiveOperationException {
        Properties properties = new Properties();
        properties.setProperty("jclouds.provider", "filesystem");
        properties.setProperty("jclouds.filesystem.basedir", base.toString());
        properties.setProperty("jclouds.identity", IDENTITY);
        properties.setProperty("jclouds.credential", CREDENTIAL);
        properties.setProperty("s3proxy.endpoint", "http://127.0.0.1:0");
        properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        properties.setProperty("s3proxy.identity", IDENTITY);
        properties.setProperty("s3proxy.credential", CREDENTIAL);
        properties.setProperty("s3proxy.maximum-timeskew", "60");

        Class<?> contextBuilder = loader.loadClass("org.jclouds.ContextBuilder");
        Object builder = contextBuilder.getMethod("newBuilder", String.class).invoke(null, "filesystem");
        builder = contextBuilder.getMethod("overrides", Properties.class).invoke(builder, properties);
        Class<?> contextType = loader.loadClass("org.jclouds.blobstore.BlobStoreContext");
        Object context = contextBuilder.getMethod("build", Class.class).invoke(builder, contextType);
        Object blobStore = contextType.getMethod("getBlobStore").invoke(context);

        Class<?> proxyBuilder = loader.loadClass("org.gaul.s3proxy.S3Proxy$Builder");
        Object proxy = proxyBuilder.getMethod("fromProperties", Properties.class).invoke(null, properties);
        proxy = proxyBuilder.getMethod("blobStore", loader.loadClass("org.jclouds.blobstore.BlobStore"))
                .invoke(proxy, blobStore);
        Object server = proxyBuilder.getMethod("build").invoke(proxy);
        Method startMethod = server.getClass().getMethod("start");
        startMethod.invoke(server);
        int port = (int) server.getClass().getMethod("getPort").invoke(server);
        return URI.create("http://127.0.0.1:" + port);
    }
}
