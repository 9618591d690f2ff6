package com.billingengine;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * moto_server (a third-party AWS emulator on the PATH) on a free loopback port, for tests that prove the SDK clients
 * against it. Without moto the test fails: it never skips.
 */
public final class MotoServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final String endpoint;

    private MotoServer(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** http://127.0.0.1:PORT */
    public String endpoint() {
        return endpoint;
    }

    /** Starts moto, its log in {@code work/moto.log}, and waits until it answers. */
    public static MotoServer start(Path work) throws Exception {
        Path executable = onPath("moto_server");
        if (executable == null) {
            fail("moto_server is not on the PATH (" + System.getenv("PATH") + "): install moto 5.2.1 "
                    + "(pip install 'moto[server]==5.2.1'); this test proves the SDK clients against it and never skips");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;
        Path log = work.resolve("moto.log");
        Process moto = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        MotoServer server = new MotoServer(moto, endpoint);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/moto-api/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // moto is still starting
            }
            if (!moto.isAlive() || System.nanoTime() > deadline) {
                server.close();
                fail("moto_server did not answer on " + endpoint + "/moto-api/ (alive: " + moto.isAlive()
                        + "); its log:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        // moto_server may be a shim (pyenv) that runs python as a child: end the whole tree
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
