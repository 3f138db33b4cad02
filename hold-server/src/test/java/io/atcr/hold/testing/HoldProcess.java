package io.atcr.hold.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code serve} in a JVM of its own, as an operator runs it: on a port it chooses itself (port 0, read back from its
 * start line, so no other process can take the port in between), with its output in a log file.
 */
public final class HoldProcess implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("listening on [^ ]*:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;

    private HoldProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts {@code serve} with {@code env} (over HOLD_SERVER_ADDR=127.0.0.1:0) and JVM options; waits until it listens. */
    public static HoldProcess start(Path dir, Map<String, String> env, String... jvmOptions) {
        Path log = dir.resolve("serve-" + System.nanoTime() + ".log");
        Process process = serve(dir, env, log, jvmOptions);
        try {
            return new HoldProcess(process, log, awaitPort(process, log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code java … Main serve} on port 0 (unless {@code env} says otherwise), its output to {@code log}. */
    private static Process serve(Path dir, Map<String, String> env, Path log, String... jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dorg.slf4j.simpleLogger.logFile=System.err"); // the operator's view, not the tests' log file
        command.add("-XX:TieredStopAtLevel=1"); // a hold that lives seconds: the quick compiler only, less CPU
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.atcr.hold.cli.Main", "serve"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HOLD_SERVER_ADDR", "127.0.0.1:0");
        builder.environment().put("HOLD_DATABASE_DIR", dir.resolve("data").toString());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int awaitPort(Process process, Path log) throws IOException {
        Eventually.await("serve listens", () -> {
            if (!process.isAlive() && !PORT.matcher(read(log)).find()) {
                throw new AssertionError("serve exited with " + process.exitValue() + ":\n" + read(log));
            }
            return PORT.matcher(read(log)).find();
        });
        Matcher m = PORT.matcher(read(log));
        m.find();
        return Integer.parseInt(m.group(1));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Process process() {
        return process;
    }

    public String log() {
        return read(log);
    }

    /** Starts {@code serve} expecting it to fail at once; answers its exit code and output. */
    public static Failed failToStart(Path dir, Map<String, String> env) {
        Path log = dir.resolve("fail-" + System.nanoTime() + ".log");
        Process process = serve(dir, env, log);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("serve did not stop:\n" + Files.readString(log));
            }
            return new Failed(process.exitValue(), Files.readAllLines(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A start that failed: its exit code and every line it printed. */
    public record Failed(int code, List<String> lines) {
    }

    /** Sends SIGTERM and waits for the exit; answers the exit code. */
    public int terminate() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("serve did not stop within 60 s of SIGTERM:\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
