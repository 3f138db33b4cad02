package io.atcr.hold.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.Hold;
import io.atcr.hold.cli.Main;
import io.atcr.hold.config.Environment;
import io.atcr.hold.server.HoldServer;
import io.atcr.hold.xrpc.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real hold for a test: a temporary data folder with a real SQLite database, the real server on a free loopback
 * port, and an HTTP client to call it. Build one with {@link #builder()}; close it after the test.
 */
public final class TestHold implements AutoCloseable {
    public static final String PUBLIC_URL = "http://hold.test";
    public static final String HOLD_DID = "did:web:hold.test";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path dir;
    private final Map<String, String> env;
    private final MutableClock clock;
    private final Hold hold;
    private final HoldServer server;

    private TestHold(Path dir, Map<String, String> env, MutableClock clock) {
        this.dir = dir;
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.hold = Hold.open(Environment.read(this.env), clock);
        this.server = HoldServer.start(hold);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A hold with the given quotas.yaml (or none when null) and environment overrides. */
    public static final class Builder {
        private final Map<String, String> env = new HashMap<>();
        private String quotasYaml;
        private MutableClock clock = MutableClock.atRealTime();

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Builder owner(String did) {
            return env("HOLD_OWNER", did);
        }

        public Builder quotas(String yaml) {
            this.quotasYaml = yaml;
            return this;
        }

        /** Resolves {@code did:plc} identities at the stand-in {@code ids} (sets HOLD_PLC_DIRECTORY_URL). */
        public Builder identities(TestIdentities ids) {
            return env("HOLD_PLC_DIRECTORY_URL", ids.plcDirectoryUrl());
        }

        public Builder clock(MutableClock clock) {
            this.clock = clock;
            return this;
        }

        public TestHold start() {
            try {
                Path dir = Files.createTempDirectory("hold-test");
                Map<String, String> all = new HashMap<>();
                all.put("HOLD_PUBLIC_URL", PUBLIC_URL);
                all.put("HOLD_SERVER_ADDR", "127.0.0.1:0");
                all.put("HOLD_DATABASE_DIR", dir.resolve("data").toString());
                all.put("HOLD_DID_WEB_ALLOW_PRIVATE", "true");
                if (quotasYaml != null) {
                    // Unset without a file: the default path (config/quotas.yaml, absent under the module) is off.
                    all.put("HOLD_QUOTAS_PATH", dir.resolve("quotas.yaml").toString());
                    Files.writeString(dir.resolve("quotas.yaml"), quotasYaml);
                }
                all.putAll(env);
                return new TestHold(dir, all, clock);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public Hold hold() {
        return hold;
    }

    public MutableClock clock() {
        return clock;
    }

    public Path dir() {
        return dir;
    }

    public Map<String, String> env() {
        return env;
    }

    private volatile String front;

    /** Where the test's requests go: the server, or a relay in front of it ({@link #routeThrough}). */
    public String baseUrl() {
        String relay = front;
        return relay != null ? relay : "http://127.0.0.1:" + server.port();
    }

    /** The server's own address, whatever the test's requests go through. */
    public java.net.URI serverUri() {
        return java.net.URI.create("http://127.0.0.1:" + server.port());
    }

    /** Sends the test's requests through {@code relay} from now on. */
    public void routeThrough(TcpRelay relay) {
        front = relay.uri().toString();
    }

    public XrpcResponse get(String pathAndQuery, String... headers) {
        return send(request(pathAndQuery, headers).GET().build());
    }

    /** A GET whose answer is binary (a CAR); fails the test unless it is 200. */
    public byte[] bytes(String pathAndQuery) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError(pathAndQuery + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public XrpcResponse post(String path, Object body, String... headers) {
        String json = body instanceof String s ? s : write(body);
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpRequest.Builder request(String pathAndQuery, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    public XrpcResponse send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                json = Json.MAPPER.readTree(response.body());
            }
            return new XrpcResponse(response.statusCode(), response.headers(), response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code crew add DID [options]}, as an operator would; a refusal fails the test's set-up. */
    public void addCrew(String did, String... crewAddOptions) {
        String[] args = new String[3 + crewAddOptions.length];
        args[0] = "crew";
        args[1] = "add";
        args[2] = did;
        System.arraycopy(crewAddOptions, 0, args, 3, crewAddOptions.length);
        CommandResult added = cli(args);
        if (added.code() != 0) {
            throw new IllegalStateException(added.err());
        }
    }

    /** Runs a command-line command against this hold's database and configuration, as an operator would. */
    public CommandResult cli(String... args) {
        return cliWith(Map.of(), args);
    }

    /** Runs a command with some environment variables changed from the running hold's. */
    public CommandResult cliWith(Map<String, String> envOverrides, String... args) {
        Map<String, String> commandEnv = new HashMap<>(env);
        commandEnv.putAll(envOverrides);
        return command(commandEnv, clock, args);
    }

    /** Runs a command-line command with this environment alone, as an operator would on a stopped hold. */
    public static CommandResult command(Map<String, String> env, String... args) {
        return command(env, java.time.Clock.systemUTC(), args);
    }

    private static CommandResult command(Map<String, String> commandEnv, java.time.Clock clock, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), commandEnv, clock, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A finished command: exit code and what it printed. */
    public record CommandResult(int code, String out, String err) {
    }

    private static String write(Object body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server, closes the hold, and removes the test's temporary folder. */
    @Override
    public void close() {
        server.close();
        hold.close();
        deleteTree(dir);
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless
        }
    }
}
