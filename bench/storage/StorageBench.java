import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.atcr.hold.identity.KeyAlgorithm;
import io.atcr.hold.identity.Multikey;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The storage benchmark's conductor (run by run.sh with hold.jar on the class path): serves its own
 * did:web identity on loopback, starts the hold (-Xmx128m) with that DID as captain, uploads and downloads the
 * source files through the hold's XRPC methods with real service tokens, measures dd and nginx on the same files,
 * and times getQuota over 100,000 layer records. Prints MB/s (10^6 bytes per second, as dd does) and the ratios.
 */
public class StorageBench {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern JSON_STRING = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");

    final Path work;
    final Path jar;
    final int holdPort;
    final int didPort;
    final int nginxPort;
    final int registryPort;
    final long partSize;
    String did;
    String bearer;
    Process hold;
    String holdUrl;
    double pushMs;
    volatile long anonPeakKb;
    volatile long totalPeakKb;

    StorageBench(Map<String, String> args) {
        work = Path.of(args.get("work"));
        jar = Path.of(args.get("jar"));
        holdPort = Integer.parseInt(args.get("hold-port"));
        didPort = Integer.parseInt(args.get("did-port"));
        nginxPort = Integer.parseInt(args.get("nginx-port"));
        registryPort = Integer.parseInt(args.getOrDefault("registry-port", "0"));
        partSize = Long.parseLong(args.getOrDefault("part-mib", "64")) * 1024 * 1024;
        holdUrl = "http://127.0.0.1:" + holdPort;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new java.util.HashMap<>();
        for (String a : argv) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            args.put(kv[0], kv[1]);
        }
        StorageBench bench = new StorageBench(args);
        int code = 0;
        try {
            bench.run(List.of(Path.of(args.get("single")), Path.of(args.get("single2"))),
                    List.of(Path.of(args.get("multi")), Path.of(args.get("multi2"))));
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        } finally {
            bench.stopHold();
        }
        System.exit(code); // the DID document server would keep the JVM alive
    }

    /** Each store takes each kind of upload twice, interleaved, on files of their own (no deduplication): best of 2. */
    void run(List<Path> singles, List<Path> multis) throws Exception {
        Path single = singles.get(0);
        identity();
        startHold();
        double dd = ddWrite();
        long size = Files.size(single);
        String singleDigest = sha256(single);
        warmUp();
        double up1 = 0;
        double reg1 = 0;
        double upN = 0;
        double regN = 0;
        for (int round = 0; round < 2; round++) {
            Path one = singles.get(round);
            Path many = multis.get(round);
            String oneDigest = sha256(one);
            String manyDigest = sha256(many);
            split(many, partSize); // before any clock starts, for both stores
            up1 = Math.max(up1, upload(one, oneDigest, size, true));
            reg1 = Math.max(reg1, registryPort > 0 ? registryUpload(one, oneDigest, size) : 0);
            upN = Math.max(upN, upload(many, manyDigest, partSize, true));
            regN = Math.max(regN, registryPort > 0 ? registryUpload(many, manyDigest, partSize) : 0);
        }
        long anonAfterUploads = anonPeakKb;
        String blobPath = "/sha256/" + singleDigest.substring(7, 9) + "/" + singleDigest.substring(7);
        double holdDown = 0;
        double nginxDown = 0;
        double regDown = 0;
        for (int round = 0; round < 2; round++) {
            holdDown = Math.max(holdDown, download(holdUrl + "/xrpc/com.atproto.sync.getBlob?did="
                    + java.net.URLEncoder.encode("did:web:127.0.0.1%3A" + holdPort, StandardCharsets.UTF_8)
                    + "&cid=" + singleDigest, size, true));
            nginxDown = Math.max(nginxDown, download("http://127.0.0.1:" + nginxPort + blobPath, size, false));
            if (registryPort > 0) {
                regDown = Math.max(regDown, download(registryUrl() + "/v2/bench/blobs/" + singleDigest, size, false));
            }
        }
        long rss = rssKb();
        double[] quota = quotaTimes();
        System.out.printf("%n=== storage benchmark (1 GiB = %d bytes; MB/s = 10^6 bytes/s) ===%n", size);
        System.out.printf("disk write   dd bs=1M count=1024 conv=fsync      %8.1f MB/s%n", dd);
        System.out.printf("upload       1 part, verified, fsynced (best of 2) %6.1f MB/s   %.2f of dd%n", up1, up1 / dd);
        System.out.printf("upload       %d parts of %d MiB, verified (best of 2) %3.1f MB/s   %.2f of dd%n",
                (size + partSize - 1) / partSize, partSize >> 20, upN, upN / dd);
        System.out.printf("download     nginx sendfile, curl (best of 2)    %8.1f MB/s%n", nginxDown);
        System.out.printf("download     hold getBlob, curl (best of 2)      %8.1f MB/s   %.2f of nginx%n", holdDown, holdDown / nginxDown);
        if (registryPort > 0) {
            long n = (size + partSize - 1) / partSize;
            System.out.printf("registry     docker-registry 2.8 (filesystem), 1 part  %8.1f MB/s; hold %.2f of it%n", reg1, up1 / reg1);
            System.out.printf("registry     %d chunks of %d MiB (PATCH)             %8.1f MB/s; hold %.2f of it%n", n,
                    partSize >> 20, regN, upN / regN);
            System.out.printf("registry     download, curl (best of 2)            %8.1f MB/s; hold %.2f of it%n", regDown, holdDown / regDown);
        }
        System.out.printf("upload       %d parts against 1 part: %.2f%n", (size + partSize - 1) / partSize, upN / up1);
        System.out.printf("hold memory  -Xmx128m: anonymous resident peak %d MiB after the uploads, %d MiB after the"
                + " downloads (resident with mapped file pages: %d MiB)%n", anonAfterUploads / 1024, anonPeakKb / 1024, rss / 1024);
        System.out.printf("notifyManifest  push of 200 layers: %.1f ms on average (500 pushes making the records)%n", pushMs);
        System.out.printf("getQuota     100,000 layer records: median %.2f ms, p95 %.2f ms, max %.2f ms (over %d calls)%n",
                quota[0], quota[1], quota[2], (int) quota[3]);
    }

    /** A 128 MiB blob up and down first, so the hold's JIT is warm as in a long-running server. */
    void warmUp() throws Exception {
        Path file = work.resolve("warm.bin");
        byte[] chunk = new byte[1 << 20];
        new java.util.Random(1).nextBytes(chunk);
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i < 128; i++) {
                chunk[0] = (byte) i;
                out.write(chunk);
            }
        }
        String digest = sha256(file);
        upload(file, digest, 32L << 20, false);
        download(holdUrl + "/xrpc/com.atproto.sync.getBlob?did=" + java.net.URLEncoder.encode("did:web:127.0.0.1%3A"
                + holdPort, StandardCharsets.UTF_8) + "&cid=" + digest, Files.size(file), true);
        Files.delete(file);
    }

    /** A P-256 key, a did:web document on loopback naming it, and one service token (no lxm, valid an hour). */
    void identity() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        did = "did:web:localhost%3A" + didPort; // a DNS name: did:web of an IP address is refused
        String multibase = new Multikey(KeyAlgorithm.ES256, (ECPublicKey) key.getPublic()).encode();
        String doc = "{\"@context\":[\"https://www.w3.org/ns/did/v1\",\"https://w3id.org/security/multikey/v1\"],"
                + "\"id\":\"" + did + "\",\"verificationMethod\":[{\"id\":\"" + did + "#atproto\",\"type\":\"Multikey\","
                + "\"controller\":\"" + did + "\",\"publicKeyMultibase\":\"" + multibase + "\"}]}";
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", didPort), 0);
        server.createContext("/.well-known/did.json", exchange -> {
            byte[] body = doc.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(did).audience("did:web:127.0.0.1%3A" + holdPort)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new ECDSASigner((ECPrivateKey) key.getPrivate()));
        byte[] sig = jwt.getSignature().decode();
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        if (KeyAlgorithm.ES256.isHighS(s)) {
            byte[] low = KeyAlgorithm.ES256.order().subtract(s).toByteArray();
            Arrays.fill(sig, 32, 64, (byte) 0);
            int len = Math.min(low.length, 32);
            System.arraycopy(low, low.length - len, sig, 64 - len, len);
        }
        String[] parts = jwt.serialize().split("\\.");
        bearer = "Bearer " + parts[0] + "." + parts[1] + "." + Base64URL.encode(sig);
    }

    void startHold() throws Exception {
        // Run in the work folder, where no config/quotas.yaml is: quotas off, as on a hold without a tier file.
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx128m", "-jar", jar.toAbsolutePath().toString(), "serve")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("hold.log").toFile());
        pb.environment().putAll(Map.of(
                "HOLD_PUBLIC_URL", holdUrl,
                "HOLD_SERVER_ADDR", "127.0.0.1:" + holdPort,
                "HOLD_DATABASE_DIR", work.resolve("data").toString(),
                "HOLD_DID_WEB_ALLOW_PRIVATE", "true",
                "HOLD_OWNER", did));
        hold = pb.start();
        Thread sampler = new Thread(this::sampleMemory, "memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Files.writeString(work.resolve("hold.pid"), String.valueOf(hold.pid()));
        Runtime.getRuntime().addShutdownHook(new Thread(hold::destroy));
        for (int i = 0; i < 200; i++) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(holdUrl + "/xrpc/_health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the hold did not start; see " + work.resolve("hold.log"));
    }

    void stopHold() throws InterruptedException {
        if (hold != null && hold.isAlive()) {
            hold.destroy(); // SIGTERM: the hold shuts down cleanly
            if (!hold.waitFor(20, TimeUnit.SECONDS)) {
                hold.destroyForcibly();
            }
        }
    }

    double ddWrite() throws Exception {
        Path out = work.resolve("dd.bin");
        long t0 = System.nanoTime();
        Process dd = new ProcessBuilder("dd", "if=/dev/zero", "of=" + out, "bs=1M", "count=1024", "conv=fsync")
                .redirectErrorStream(true).start();
        String report = new String(dd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        dd.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Files.delete(out);
        System.out.println("dd: " + report.strip().replace('\n', ' '));
        return (1L << 30) / seconds / 1e6;
    }

    /** Splits {@code file} into part files of {@code part} bytes (not timed: a client reads its parts from disk). */
    List<Path> split(Path file, long part) throws IOException {
        List<Path> parts = new ArrayList<>();
        long size = Files.size(file);
        if (part >= size) {
            return List.of(file);
        }
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(file)) {
            for (long offset = 0; offset < size; offset += part) {
                Path out = work.resolve(file.getFileName() + ".part" + (parts.size() + 1));
                if (Files.exists(out) && Files.size(out) == Math.min(part, size - offset)) {
                    parts.add(out); // split before, for the other store
                    continue;
                }
                try (java.nio.channels.FileChannel o = java.nio.channels.FileChannel.open(out,
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
                    long length = Math.min(part, size - offset);
                    for (long done = 0; done < length; ) {
                        done += in.transferTo(offset + done, length - done, o);
                    }
                    // On disk before the clock starts: else the kernel writes these pages out during the timed upload.
                    o.force(true);
                }
                parts.add(out);
            }
        }
        return parts;
    }

    /**
     * initiate, the part URLs (as an S3 client presigns all parts first), every part PUT to its signed URL (no token)
     * by one curl over one connection, complete; answers MB/s over the whole.
     */
    double upload(Path file, String digest, long part, boolean report) throws Exception {
        long size = Files.size(file);
        List<Path> files = split(file, part);
        long t0 = System.nanoTime();
        String uploadId = field(post("io.atcr.hold.initiateUpload", "{\"digest\":\"" + digest + "\"}"), "uploadId");
        List<String> puts = new ArrayList<>();
        for (int n = 1; n <= files.size(); n++) {
            puts.addAll(List.of("-T", files.get(n - 1).toString(), field(post("io.atcr.hold.getPartUploadUrl",
                    "{\"uploadId\":\"" + uploadId + "\",\"partNumber\":" + n + "}"), "url")));
        }
        java.util.regex.Matcher etags = java.util.regex.Pattern.compile("\"etag\":\"([0-9a-f]+)\"")
                .matcher(curl(puts.toArray(String[]::new)));
        List<String> parts = new ArrayList<>();
        while (etags.find()) {
            parts.add("{\"partNumber\":" + (parts.size() + 1) + ",\"etag\":\"" + etags.group(1) + "\"}");
        }
        if (parts.size() != files.size()) {
            throw new IllegalStateException(parts.size() + " of " + files.size() + " parts were stored");
        }
        String done = post("io.atcr.hold.completeUpload", "{\"uploadId\":\"" + uploadId + "\",\"digest\":\"" + digest
                + "\",\"parts\":[" + String.join(",", parts) + "]}");
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!done.contains("completed")) {
            throw new IllegalStateException("upload did not complete: " + done);
        }
        if (report) {
            System.out.printf("upload of %d part(s): %.2f s%n", parts.size(), seconds);
        }
        return size / seconds / 1e6;
    }

    String registryUrl() {
        return "http://127.0.0.1:" + registryPort;
    }

    /**
     * The same blob pushed to docker-registry through the OCI distribution API, as a client would: one monolithic
     * PUT, or PATCH chunks of {@code part} bytes and a closing PUT with the digest; answers MB/s over the whole.
     */
    double registryUpload(Path file, String digest, long part) throws Exception {
        long size = Files.size(file);
        List<Path> files = split(file, part);
        long t0 = System.nanoTime();
        String location = header(curl("-X", "POST", "-D", "-", "-o", "/dev/null", registryUrl() + "/v2/bench/blobs/uploads/"),
                "Location");
        if (files.size() == 1) {
            curl("-X", "PUT", "-H", "Content-Type: application/octet-stream", "-T", file.toString(),
                    absolute(location) + (location.contains("?") ? "&" : "?") + "digest=" + digest);
        } else {
            long offset = 0;
            for (Path chunk : files) {
                long length = Files.size(chunk);
                location = header(curl("-X", "PATCH", "-D", "-", "-o", "/dev/null", "-H", "Content-Type: application/octet-stream",
                        "-H", "Content-Range: " + offset + "-" + (offset + length - 1), "-T", chunk.toString(),
                        absolute(location)), "Location");
                offset += length;
            }
            curl("-X", "PUT", "-H", "Content-Length: 0", absolute(location) + (location.contains("?") ? "&" : "?") + "digest=" + digest);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("registry upload of %d part(s): %.2f s%n", files.size(), seconds);
        return size / seconds / 1e6;
    }

    private String absolute(String location) {
        return location.startsWith("http") ? location : registryUrl() + location;
    }

    private static String header(String response, String name) {
        return response.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(l -> l.substring(name.length() + 1).trim()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " in " + response));
    }

    static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--fail-with-body", "--max-time", "600"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("curl " + command + " failed: " + out);
        }
        return out;
    }

    /** curl downloads the whole URL to /dev/null; answers MB/s. */
    double download(String url, long expected, boolean withToken) throws Exception {
        List<String> args = new ArrayList<>(List.of("-o", "/dev/null", "-w", "%{http_code} %{size_download} %{time_total}"));
        if (withToken) {
            args.addAll(List.of("-H", "Authorization: " + bearer));
        }
        args.add(url);
        String[] out = curl(args.toArray(String[]::new)).trim().split(" ");
        if (!out[0].equals("200") || Long.parseLong(out[1]) != expected) {
            throw new IllegalStateException(url + " answered " + String.join(" ", out));
        }
        return expected / Double.parseDouble(out[2]) / 1e6;
    }

    /**
     * Gives the captain 100,000 layer records the way a registry would: 200 small blobs uploaded, then 500
     * repositories pushed with all 200 as layers (notifyManifest). Then times getQuota.
     */
    double[] quotaTimes() throws Exception {
        String user = did;
        StringBuilder layers = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            byte[] blob = ("layer " + i + " of the getQuota benchmark").getBytes(StandardCharsets.UTF_8);
            Path file = work.resolve("layer.bin");
            Files.write(file, blob);
            String digest = sha256(file);
            upload(file, digest, blob.length, false);
            Files.delete(file);
            layers.append(i == 0 ? "" : ",").append("{\"digest\":\"").append(digest).append("\",\"size\":")
                    .append(blob.length).append(",\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\"}");
        }
        long pushStart = System.nanoTime();
        for (int r = 0; r < 500; r++) {
            String answer = post("io.atcr.hold.notifyManifest", "{\"repository\":\"bench/repo" + r + "\",\"userDid\":\""
                    + user + "\",\"manifestDigest\":\"sha256:" + String.format("%064x", r) + "\",\"operation\":\"push\","
                    + "\"manifest\":{\"layers\":[" + layers + "]}}");
            if (!answer.contains("\"layersCreated\":200")) {
                throw new IllegalStateException("unexpected notifyManifest answer " + answer);
            }
        }
        pushMs = (System.nanoTime() - pushStart) / 1e6 / 500;
        URI uri = URI.create(holdUrl + "/xrpc/io.atcr.hold.getQuota?userDid=" + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8));
        int calls = 50;
        double[] ms = new double[calls];
        for (int i = -5; i < calls; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            double took = (System.nanoTime() - t0) / 1e6;
            check(answer);
            if (!answer.body().contains("\"uniqueBlobs\":200")) {
                throw new IllegalStateException("unexpected getQuota answer " + answer.body());
            }
            if (i >= 0) {
                ms[i] = took;
            }
        }
        Arrays.sort(ms);
        return new double[] {ms[calls / 2], ms[(int) (calls * 0.95)], ms[calls - 1], calls};
    }

    /** Every 50 ms: the hold's anonymous resident memory (heap, JVM, buffers; not the page cache of mapped files). */
    void sampleMemory() {
        while (hold.isAlive()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + hold.pid() + "/status"))) {
                    if (line.startsWith("RssAnon:")) {
                        anonPeakKb = Math.max(anonPeakKb, Long.parseLong(line.replaceAll("\\D", "")));
                    }
                }
                Thread.sleep(50);
            } catch (Exception gone) {
                return;
            }
        }
    }

    long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + hold.pid() + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    String post(String nsid, String json) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(holdUrl + "/xrpc/" + nsid))
                .header("Authorization", bearer).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        check(answer);
        return answer.body();
    }

    static void check(HttpResponse<String> answer) {
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(answer.request().uri() + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    static String field(String json, String name) {
        Matcher m = JSON_STRING.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new IllegalStateException("no " + name + " in " + json);
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }
}
