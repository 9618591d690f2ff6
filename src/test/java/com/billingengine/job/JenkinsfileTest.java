package com.billingengine.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.lesfurets.jenkins.unit.BasePipelineTest;
import com.lesfurets.jenkins.unit.MethodCall;
import com.lesfurets.jenkins.unit.MethodSignature;

import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;

/**
 * The Jenkinsfile's behaviour, run by JenkinsPipelineUnit with its steps mocked: what reaches the shell for each
 * trigger and action, that a bad parameter stops the build before any sh, and the notifications. JenkinsPipelineUnit
 * 1.1 (the newest Maven Central offers here) predates declarative pipelines, so the declarative sections are interpreted
 * here as Jenkins runs them: stages in order until one fails, `when` conditions, then `post` by the result.
 */
class JenkinsfileTest {

    private Pipeline jenkins;

    @BeforeEach
    void pipeline() throws Exception {
        jenkins = new Pipeline();
        jenkins.setUp();
    }

    @Test
    void aPeriodWithAShellCommandIsRefusedBeforeAnySh() throws Exception {
        jenkins.params.put("PERIOD", "2026-10; rm -rf /");
        jenkins.run();

        assertThat(jenkins.result).isEqualTo("FAILURE");
        assertThat(jenkins.shell).as("nothing reached a shell").isEmpty();
        assertThat(jenkins.errors).containsExactly("PERIOD '2026-10; rm -rf /' is not valid: expected "
                + "\\d{4}-(0[1-9]|1[0-2])");
        assertThat(jenkins.mails).singleElement().satisfies(m -> assertThat(m.get("subject").toString())
                .contains("failed"));
    }

    @Test
    void everyParameterThatReachesAShellIsChecked() throws Exception {
        for (Map.Entry<String, String> bad : Map.of("PERIOD", "2026-13", "REVISION", "1 && id", "FROM_REVISION",
                "$(id)", "TO_REVISION", "0").entrySet()) {
            pipeline();
            jenkins.params.put(bad.getKey(), bad.getValue());
            jenkins.run();
            assertThat(jenkins.result).as(bad.toString()).isEqualTo("FAILURE");
            assertThat(jenkins.shell).as(bad.toString()).isEmpty();
        }
    }

    @Test
    void theTimerBillsLastMonthWithIfNeededOnBillingDaysWithTheSecretsBoundAndKeepsTheBuild() throws Exception {
        jenkins.timer = true;
        jenkins.dayOfMonth = "05";
        jenkins.run();

        assertThat(jenkins.result).isEqualTo("SUCCESS");
        assertThat(jenkins.engineCalls()).containsExactly(
                "run --period 2026-11 --if-needed > bill.txt", "status --period 2026-11", "check --last 3 > check.txt");
        assertThat(jenkins.withSecrets).as("the secrets are bound for the engine's calls only")
                .containsEntry("scripts/billing-engine run --period 2026-11 --if-needed > bill.txt", true)
                .containsEntry("scripts/billing-engine status --period 2026-11", true)
                .containsEntry("scripts/billing-engine check --last 3 > check.txt", true)
                .containsEntry("mvn -B -q -DskipTests package", false);
        assertThat(jenkins.currentBuild).containsEntry("keepLog", true);
        assertThat(jenkins.mails).isEmpty();
    }

    @Test
    void aLaterRetryDayOfABilledMonthIsNotKeptAndAFailedRunMailsPeople() throws Exception {
        jenkins.timer = true;
        jenkins.dayOfMonth = "08";
        jenkins.files.put("bill.txt", "Billing run 2026-11 rev-1: already COMPLETED (job execution 4), nothing to do");
        jenkins.run();
        assertThat(jenkins.result).isEqualTo("SUCCESS");
        assertThat(jenkins.currentBuild).doesNotContainKey("keepLog");

        pipeline();
        jenkins.timer = true;
        jenkins.dayOfMonth = "06";
        jenkins.exits.put("scripts/billing-engine run ", 1);
        jenkins.run();
        assertThat(jenkins.result).isEqualTo("FAILURE");
        assertThat(jenkins.engineCalls()).as("the check waits for a billed month").doesNotContain("check --last 3 > check.txt");
        assertThat(jenkins.mails).singleElement().satisfies(m -> {
            assertThat(m.get("to")).isEqualTo("billing-ops@example.com");
            assertThat(m.get("subject").toString()).contains("failed");
        });
    }

    @Test
    void onOtherDaysTheTimerOnlyChecksAndAChangedPeriodMakesTheBuildUnstableAndMails() throws Exception {
        jenkins.timer = true;
        jenkins.dayOfMonth = "20";
        jenkins.env.put("BILLING_NOTIFY", "finance@example.com");
        jenkins.exits.put("scripts/billing-engine check ", 4);
        jenkins.run();

        assertThat(jenkins.engineCalls()).containsExactly("check --last 3 > check.txt");
        assertThat(jenkins.result).isEqualTo("UNSTABLE");
        assertThat(jenkins.mails).singleElement().satisfies(m -> {
            assertThat(m.get("to")).isEqualTo("finance@example.com");
            assertThat(m.get("subject").toString()).contains("a period changed since invoiced");
        });
    }

    @Test
    void eachActionRunsItsCommand() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("run", "run --period 2026-10 --if-needed > bill.txt");
        expected.put("restart", "restart --period 2026-10 > bill.txt");
        expected.put("reextract", "restart --period 2026-10 --reextract > bill.txt");
        expected.put("rerun", "run --period 2026-10 --rerun > bill.txt");
        expected.put("status", "status --period 2026-10 > bill.txt");
        expected.put("report", "report --period 2026-10 --revision 2 > bill.txt");
        expected.put("diff", "diff --period 2026-10 --from 1 --to 2 > bill.txt");
        expected.put("check", "check --period 2026-10 > check.txt");
        for (Map.Entry<String, String> action : expected.entrySet()) {
            pipeline();
            jenkins.params.putAll(Map.of("ACTION", action.getKey(), "PERIOD", "2026-10", "REVISION", "2",
                    "FROM_REVISION", "1", "TO_REVISION", "2"));
            jenkins.run();
            assertThat(jenkins.result).as(action.getKey()).isEqualTo("SUCCESS");
            assertThat(jenkins.engineCalls()).as(action.getKey()).first().isEqualTo(action.getValue());
        }
        pipeline();
        jenkins.params.putAll(Map.of("ACTION", "diff", "PERIOD", "2026-10"));
        jenkins.run();
        assertThat(jenkins.result).isEqualTo("FAILURE");
        assertThat(jenkins.shell).isEmpty();
    }

    @Test
    void approveAndRejectNameTheUserWhoStartedTheBuildAndPassWhoAndWhyAsEnvironmentVariables() throws Exception {
        jenkins.startedBy = "jane.doe";
        jenkins.params.putAll(Map.of("ACTION", "approve", "PERIOD", "2026-10", "REVISION", "2"));
        jenkins.run();
        assertThat(jenkins.result).isEqualTo("SUCCESS");
        assertThat(jenkins.engineCalls()).containsExactly(
                "approve --period 2026-10 --revision 2 --by \"$BILLING_BY\" > bill.txt", "status --period 2026-10");
        assertThat(jenkins.env).containsEntry("BILLING_BY", "jane.doe");
        assertThat(jenkins.currentBuild).as("the build that published rev-2 keeps its exports")
                .containsEntry("keepLog", true);

        pipeline();
        jenkins.startedBy = "jane.doe";
        jenkins.params.putAll(Map.of("ACTION", "reject", "PERIOD", "2026-10", "REVISION", "2", "REASON",
                "late credit for C-1001"));
        jenkins.run();
        assertThat(jenkins.result).isEqualTo("SUCCESS");
        assertThat(jenkins.engineCalls()).first().isEqualTo("reject --period 2026-10 --revision 2 --by \"$BILLING_BY\""
                + " --reason \"$BILLING_REASON\" > bill.txt");
        assertThat(jenkins.env).containsEntry("BILLING_BY", "jane.doe")
                .containsEntry("BILLING_REASON", "late credit for C-1001");
        assertThat(jenkins.currentBuild).as("a voided revision published nothing").doesNotContainKey("keepLog");

        pipeline();
        jenkins.params.putAll(Map.of("ACTION", "approve", "PERIOD", "2026-10", "REVISION", "2", "APPROVER",
                "release-bot"));
        jenkins.run();
        assertThat(jenkins.result).as("no user started it: APPROVER names who").isEqualTo("SUCCESS");
        assertThat(jenkins.env).containsEntry("BILLING_BY", "release-bot");
    }

    @Test
    void aReleaseDecisionWithABadOrMissingParameterIsRefusedBeforeAnySh() throws Exception {
        Map<Map<String, String>, String> refused = new LinkedHashMap<>();
        refused.put(Map.of("ACTION", "approve", "PERIOD", "2026-10", "REVISION", "2; id"),
                "REVISION '2; id' is not valid: expected [1-9]\\d{0,3}");
        refused.put(Map.of("ACTION", "reject", "PERIOD", "2026-10", "REVISION", "$(id)", "REASON", "x"),
                "REVISION '$(id)' is not valid: expected [1-9]\\d{0,3}");
        refused.put(Map.of("ACTION", "approve", "PERIOD", "2026-10"), "ACTION approve needs PERIOD and REVISION");
        refused.put(Map.of("ACTION", "approve", "REVISION", "2"), "ACTION approve needs PERIOD and REVISION");
        refused.put(Map.of("ACTION", "reject", "PERIOD", "2026-10", "REVISION", "2"), "ACTION reject needs REASON");
        refused.put(Map.of("ACTION", "reject", "PERIOD", "2026-10", "REVISION", "2", "REASON",
                "wrong\nrm -rf /"), "REASON 'wrong\nrm -rf /' is not valid: expected [^\\p{Cntrl}]{1,500}");
        refused.put(Map.of("ACTION", "approve", "PERIOD", "2026-10", "REVISION", "2", "APPROVER", "bot; id"),
                "APPROVER 'bot; id' is not valid: expected [A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
        refused.put(Map.of("ACTION", "approve", "PERIOD", "2026-10", "REVISION", "2", "APPROVER", "john"),
                "APPROVER 'john' is not jane.doe, who started the build: a decision is recorded as its maker's");
        for (Map.Entry<Map<String, String>, String> bad : refused.entrySet()) {
            pipeline();
            jenkins.startedBy = bad.getKey().containsKey("APPROVER") && !bad.getKey().get("APPROVER").equals("john")
                    ? null : "jane.doe";
            jenkins.params.putAll(bad.getKey());
            jenkins.run();
            assertThat(jenkins.result).as(bad.toString()).isEqualTo("FAILURE");
            assertThat(jenkins.shell).as(bad.toString()).isEmpty();
            assertThat(jenkins.errors).as(bad.toString()).containsExactly(bad.getValue());
        }
        pipeline();
        jenkins.params.putAll(Map.of("ACTION", "approve", "PERIOD", "2026-10", "REVISION", "2"));
        jenkins.run();
        assertThat(jenkins.errors).containsExactly(
                "ACTION approve and reject need APPROVER when no Jenkins user started the build");
        assertThat(jenkins.shell).isEmpty();
    }

    /**
     * The command really goes through a shell here, to a stand-in for scripts/billing-engine that records its
     * arguments: a reason full of shell syntax arrives as one argument, byte for byte, and runs nothing.
     */
    @Test
    void aHostileReasonReachesTheEngineAsOneInertArgument(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path engine = java.nio.file.Files.createDirectories(dir.resolve("scripts"))
                .resolve("billing-engine");
        java.nio.file.Files.writeString(engine, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done"
                + " >> args.txt\n");
        engine.toFile().setExecutable(true);
        String reason = "it's \"wrong\" $(touch pwned) `touch pwned` ; touch pwned && echo $BILLING_DB_PASSWORD | "
                + "${HOME} \\ *";
        jenkins.realShell = dir;
        jenkins.startedBy = "jane.doe";
        jenkins.params.putAll(Map.of("ACTION", "reject", "PERIOD", "2026-10", "REVISION", "2", "REASON", reason));
        jenkins.run();

        assertThat(jenkins.result).isEqualTo("SUCCESS");
        assertThat(dir.resolve("pwned")).doesNotExist();
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("args.txt"))).containsExactly("reject", "--period",
                "2026-10", "--revision", "2", "--by", "jane.doe", "--reason", reason,
                "status", "--period", "2026-10");
    }

    @Test
    void aTimeoutAndUtcCronTriggers() throws Exception {
        jenkins.run();
        assertThat(jenkins.calls("timeout")).singleElement().satisfies(args -> assertThat(args[0])
                .isEqualTo(Map.of("time", 8, "unit", "HOURS")));
        assertThat(jenkins.calls("cron")).isNotEmpty().allSatisfy(args -> assertThat(args[0].toString())
                .startsWith("TZ=UTC\n"));
    }

    /** The failure a Jenkins `error` step raises: the build stops there. */
    static final class BuildError extends RuntimeException {
        BuildError(String message) {
            super(message);
        }
    }

    /** JenkinsPipelineUnit's mocked steps and the declarative sections, with what the build did. */
    static final class Pipeline extends BasePipelineTest {

        final Map<String, Object> params = new HashMap<>(Map.of("PERIOD", "", "ACTION", "run", "ALLOW_ESTIMATED",
                false, "REVISION", "", "FROM_REVISION", "", "TO_REVISION", "", "REASON", "", "APPROVER", ""));
        final Map<String, Object> env = new HashMap<>(Map.of("JOB_NAME", "billing", "BUILD_NUMBER", "7",
                "BUILD_URL", "https://jenkins.example/job/billing/7/"));
        final Build currentBuild = new Build();
        final Map<String, String> files = new HashMap<>();
        /** a prefix of an sh script → its exit code (default 0) */
        final Map<String, Integer> exits = new HashMap<>();
        final List<String> shell = new ArrayList<>();
        /** every sh script → whether the credentials were bound while it ran */
        final Map<String, Boolean> withSecrets = new LinkedHashMap<>();
        final List<Map<?, ?>> mails = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        boolean timer;
        /** the Jenkins user who started the build (its UserIdCause), null: none did */
        String startedBy;
        /** where engine calls really run through /bin/sh (null: they are only recorded) */
        java.nio.file.Path realShell;
        String dayOfMonth = "05";
        String result = "SUCCESS";

        @Override
        public void setUp() throws Exception {
            super.setUp();
            getBinding().setVariable("params", params);
            getBinding().setVariable("env", env);
            getBinding().setVariable("currentBuild", currentBuild);
            getBinding().setVariable("any", "any");
            step("pipeline", a -> declarative((Closure<?>) a[0]), Closure.class);
            step("script", a -> ((Closure<?>) a[0]).call(), Closure.class);
            step("sh", a -> sh(Map.of("script", a[0])), String.class);
            step("sh", a -> sh((Map<?, ?>) a[0]), Map.class);
            step("error", a -> {
                errors.add(a[0].toString());
                throw new BuildError(a[0].toString());
            }, String.class);
            step("unstable", a -> result = "SUCCESS".equals(result) ? "UNSTABLE" : result, String.class);
            step("mail", a -> mails.add((Map<?, ?>) a[0]), Map.class);
            step("readFile", a -> files.getOrDefault(a[0].toString(), ""), String.class);
            step("withCredentials", a -> {
                List<?> bindings = (List<?>) a[0];
                bindings.forEach(b -> env.put(((Map<?, ?>) b).get("variable").toString(), "secret"));
                try {
                    return ((Closure<?>) a[1]).call();
                } finally {
                    bindings.forEach(b -> env.remove(((Map<?, ?>) b).get("variable").toString()));
                }
            }, List.class, Closure.class);
            for (String recorded : List.of("string", "choice", "booleanParam", "timeout", "logRotator",
                    "archiveArtifacts")) {
                step(recorded, a -> a[0], Map.class);
            }
            step("cron", a -> a[0], String.class);
            step("buildDiscarder", a -> a[0], Object.class);
            step("timestamps", a -> null);
            step("disableConcurrentBuilds", a -> null);
        }

        void run() throws Exception {
            setScriptRoots(".");
            setScriptExtension("");
            runScript("Jenkinsfile");
        }

        /** What the build asked of the engine, in order (scripts/billing-engine's arguments). */
        List<String> engineCalls() {
            return shell.stream().filter(s -> s.startsWith("scripts/billing-engine "))
                    .map(s -> s.substring("scripts/billing-engine ".length())).toList();
        }

        List<Object[]> calls(String step) {
            return getHelper().getCallStack().stream().filter(c -> c.getMethodName().equals(step))
                    .map(MethodCall::getArgs).toList();
        }

        private void step(String name, Function<Object[], Object> mock, Class<?>... args) {
            getHelper().registerAllowedMethod(MethodSignature.method(name, args), new Closure<Object>(this) {
                @SuppressWarnings("unused") // called by Groovy with the step's arguments
                public Object doCall(Object... given) {
                    return mock.apply(given);
                }
            });
        }

        private Object sh(Map<?, ?> step) {
            String script = step.get("script").toString();
            shell.add(script);
            withSecrets.put(script, env.containsKey("BILLING_CLIENT_SECRET") && env.containsKey("BILLING_DB_PASSWORD"));
            if (Boolean.TRUE.equals(step.get("returnStdout"))) {
                return script.equals("date -u +%d") ? dayOfMonth + "\n" : "2026-11\n";
            }
            if (Boolean.TRUE.equals(step.get("returnStatus")) && realShell != null
                    && script.startsWith("scripts/billing-engine ")) {
                return shell(script);
            }
            if (Boolean.TRUE.equals(step.get("returnStatus"))) {
                return exits.entrySet().stream().filter(e -> script.startsWith(e.getKey())).map(Map.Entry::getValue)
                        .findFirst().orElse(0);
            }
            return null;
        }

        /** The script through /bin/sh in {@link #realShell}, with env as its environment, as Jenkins' sh runs it. */
        private int shell(String script) {
            try {
                ProcessBuilder sh = new ProcessBuilder("/bin/sh", "-c", script).directory(realShell.toFile())
                        .redirectErrorStream(true);
                sh.environment().clear();
                sh.environment().put("PATH", "/usr/bin:/bin");
                env.forEach((k, v) -> sh.environment().put(k, v.toString()));
                Process p = sh.start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                int code = p.waitFor();
                if (code != 0) {
                    throw new AssertionError("sh exited " + code + ": " + out);
                }
                return code;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** currentBuild: its properties (keepLog …) and the causes of the build. */
        public final class Build extends HashMap<String, Object> {
            private static final long serialVersionUID = 1L;

            public List<Map<String, String>> getBuildCauses(String type) {
                return "hudson.model.Cause$UserIdCause".equals(type) && startedBy != null
                        ? List.of(Map.of("userId", startedBy, "userName", startedBy)) : List.of();
            }
        }

        /** pipeline { … }: its sections, then the stages in order until one fails, then post by the result. */
        private Object declarative(Closure<?> body) {
            Sections sections = new Sections();
            delegateTo(body, sections);
            try {
                if (sections.stages != null) {
                    delegateTo(sections.stages, new Stages());
                }
            } catch (RuntimeException e) {
                if (!(rootCause(e) instanceof BuildError)) {
                    throw e;
                }
                result = "FAILURE";
            }
            if (sections.post != null) {
                Post post = new Post();
                delegateTo(sections.post, post);
                post.run("always");
                post.run(result.toLowerCase(java.util.Locale.ROOT));
            }
            return null;
        }

        private static Throwable rootCause(Throwable e) {
            Throwable cause = e;
            while (!(cause instanceof BuildError) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause;
        }

        private static Object delegateTo(Closure<?> closure, Object delegate) {
            Closure<?> c = (Closure<?>) closure.clone();
            c.setDelegate(delegate);
            c.setResolveStrategy(Closure.DELEGATE_FIRST);
            return c.call();
        }

        /** The top-level sections of a declarative pipeline. */
        public final class Sections {
            Closure<?> stages;
            Closure<?> post;

            public void agent(Object any) {
            }

            public void triggers(Closure<?> c) {
                c.call();
            }

            public void options(Closure<?> c) {
                c.call();
            }

            public void parameters(Closure<?> c) {
                c.call();
            }

            public void environment(Closure<?> c) {
                delegateTo(c, new Environment());
            }

            public void stages(Closure<?> c) {
                stages = c;
            }

            public void post(Closure<?> c) {
                post = c;
            }
        }

        /** environment { NAME = value }: into env, reading the binding (env, params) as Jenkins does. */
        public final class Environment extends GroovyObjectSupport {
            @Override
            public Object getProperty(String name) {
                return getBinding().getVariable(name);
            }

            @Override
            public void setProperty(String name, Object value) {
                env.put(name, value.toString());
            }
        }

        public final class Stages {
            public void stage(String name, Closure<?> c) {
                delegateTo(c, new Stage());
            }
        }

        /** when { … } decides whether steps { … } runs. */
        public final class Stage {
            boolean skipped;

            public void when(Closure<?> c) {
                Conditions conditions = new Conditions();
                delegateTo(c, conditions);
                skipped = !conditions.all();
            }

            public void steps(Closure<?> c) {
                if (!skipped) {
                    c.call();
                }
            }
        }

        /** The when conditions the Jenkinsfile uses: each call adds its value to the innermost group. */
        public final class Conditions {
            private final Deque<List<Boolean>> groups = new ArrayDeque<>(List.of(new ArrayList<>()));

            boolean all() {
                return groups.peek().stream().allMatch(b -> b);
            }

            private List<Boolean> group(Closure<?> c) {
                groups.push(new ArrayList<>());
                delegateTo(c, this);
                return groups.pop();
            }

            public void anyOf(Closure<?> c) {
                groups.peek().add(group(c).stream().anyMatch(b -> b));
            }

            public void allOf(Closure<?> c) {
                groups.peek().add(group(c).stream().allMatch(b -> b));
            }

            public void not(Closure<?> c) {
                groups.peek().add(!group(c).stream().allMatch(b -> b));
            }

            public void expression(Closure<?> c) {
                groups.peek().add(DefaultTypeTransformation.castToBoolean(c.call()));
            }

            public void triggeredBy(String cause) {
                groups.peek().add("TimerTrigger".equals(cause) && timer);
            }
        }

        /** post { always { … } failure { … } … }: collected, then run by the build's result. */
        public final class Post {
            private final Map<String, Closure<?>> conditions = new HashMap<>();

            void run(String condition) {
                Closure<?> c = conditions.get(condition);
                if (c != null) {
                    c.call();
                }
            }

            public void always(Closure<?> c) {
                conditions.put("always", c);
            }

            public void success(Closure<?> c) {
                conditions.put("success", c);
            }

            public void failure(Closure<?> c) {
                conditions.put("failure", c);
            }

            public void unstable(Closure<?> c) {
                conditions.put("unstable", c);
            }
        }
    }
}
