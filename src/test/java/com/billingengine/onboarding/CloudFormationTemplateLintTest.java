package com.billingengine.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The template shipped to customers must pass cfn-lint (1.51.0 on the development and CI machines). */
class CloudFormationTemplateLintTest {

    private static final Path TEMPLATE = Path.of("src/main/resources", OpenIdStackTemplate.CLASSPATH_LOCATION);
    private static final long TIMEOUT_SECONDS = 180;

    @Test
    void templatePassesCfnLint(@TempDir Path temp) throws IOException, InterruptedException {
        assertThat(TEMPLATE).as("template in the source tree (tests run from the project directory)").isRegularFile();
        assertLintClean(TEMPLATE, temp);
    }

    /** cfn-lint finds nothing in {@code template} (also the copy {@code payers template} writes). */
    static void assertLintClean(Path template, Path temp) throws IOException, InterruptedException {
        Path cfnLint = onPath("cfn-lint").orElseGet(() -> fail(
                "cfn-lint is not on the PATH, so the customer's CloudFormation template cannot be linted."
                        + " Install it (pip install cfn-lint==1.51.0) and run the tests again; PATH="
                        + System.getenv("PATH")));

        Path output = temp.resolve("cfn-lint.out");
        Process process = new ProcessBuilder(cfnLint.toString(), template.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("cfn-lint did not finish within " + TIMEOUT_SECONDS + " s; output so far:%n%s", read(output));
        }

        assertThat(process.exitValue())
                .as("cfn-lint %s exit code; its output:%n%s", template, read(output))
                .isZero();
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        return path == null ? Optional.empty() : Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static String read(Path output) throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }
}
