package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.HoldProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every start-up failure is one line naming the variable, and exit code 2. */
class StartupFailureTest {
    @TempDir
    Path dir;

    private void assertOneLine(Map<String, String> env, String saying) {
        HoldProcess.Failed failed = HoldProcess.failToStart(dir, env);
        assertEquals(2, failed.code(), String.join("\n", failed.lines()));
        assertEquals(1, failed.lines().size(), String.join("\n", failed.lines()));
        assertTrue(failed.lines().get(0).startsWith("error: ") && failed.lines().get(0).contains(saying), failed.lines().get(0));
    }

    @Test
    void aPortInUseNamesTheVariable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertOneLine(Map.of("HOLD_SERVER_ADDR", "127.0.0.1:" + taken.getLocalPort()), "HOLD_SERVER_ADDR=127.0.0.1:"
                    + taken.getLocalPort() + ": the port is in use");
        }
    }

    @Test
    void anAddressOfAnotherMachineIsNotCalledAPortInUse() {
        assertOneLine(Map.of("HOLD_SERVER_ADDR", "203.0.113.7:8080"), "203.0.113.7 is not an address of this machine");
    }

    @Test
    void aStorageFolderThatCannotBeMadeNamesTheVariable() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        assertOneLine(Map.of("HOLD_SERVER_ADDR", "127.0.0.1:0", "STORAGE_ROOT_DIR", file.resolve("blobs").toString()),
                "STORAGE_ROOT_DIR=");
    }

    @Test
    void aTierFileThatDoesNotExistIsAnErrorWhenNamed() {
        assertOneLine(Map.of("HOLD_SERVER_ADDR", "127.0.0.1:0", "HOLD_QUOTAS_PATH", dir.resolve("qoutas.yaml").toString()),
                "HOLD_QUOTAS_PATH=");
    }
}
