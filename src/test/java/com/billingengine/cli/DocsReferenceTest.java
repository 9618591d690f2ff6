package com.billingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/cli-reference.md says what the program does: each command of the program (as `--help` lists them) has a
 * section "### `name`" there, each section is a command of the program, and the options a section names are its
 * command's; its own options are all named. A new command (e.g. approve) fails here until its section is written.
 */
class DocsReferenceTest {

    private static final Path REFERENCE = Path.of("docs", "cli-reference.md");
    private static final Pattern SECTION = Pattern.compile("(?m)^### `([a-z ]+)`$");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
    /** Picocli's own, on every command. */
    private static final Set<String> STANDARD = Set.of("--help", "--version", "help");

    @Test
    void everyCommandIsInTheReferenceAndEveryReferencedCommandExists() throws IOException {
        Map<String, CommandSpec> program = commands();
        Map<String, String> documented = sections(Files.readString(REFERENCE));
        assertThat(documented.keySet()).as("sections of %s", REFERENCE)
                .containsExactlyInAnyOrderElementsOf(program.keySet());
    }

    @Test
    void theHelpListsTheCommandsTheReferenceIsCheckedAgainst() {
        // what a user reads in `--help` (and `payers --help`, `sandbox --help`) is the model the tests above walk
        Set<String> helped = new TreeSet<>();
        for (String group : new String[] {"", "payers", "sandbox"}) {
            Cli.Result help = group.isEmpty() ? Cli.run("--help") : Cli.run(group, "--help");
            String commands = help.out().substring(help.out().indexOf("Commands:"));
            Matcher entry = Pattern.compile("(?m)^  ([a-z]+)\\b").matcher(commands);
            while (entry.find()) {
                if (!STANDARD.contains(entry.group(1)) && !(group.isEmpty()
                        && Set.of("payers", "sandbox").contains(entry.group(1)))) {
                    helped.add(group.isEmpty() ? entry.group(1) : group + " " + entry.group(1));
                }
            }
        }
        assertThat(helped).containsExactlyInAnyOrderElementsOf(commands().keySet());
    }

    @Test
    void theOptionsOfEachSectionAreItsCommands() throws IOException {
        Map<String, CommandSpec> program = commands();
        Set<String> global = names(root().getCommandSpec());
        Map<String, String> documented = sections(Files.readString(REFERENCE));
        documented.forEach((command, text) -> {
            CommandSpec spec = program.get(command);
            if (spec == null) {
                return; // the test above names it
            }
            Set<String> all = names(spec);
            Set<String> own = new TreeSet<>(all);
            own.removeAll(global);
            // "`run --rerun`" in the check section is run's option: spans that start with another command are theirs
            String ownText = text;
            for (String other : program.keySet()) {
                if (!other.equals(command)) {
                    ownText = ownText.replaceAll("`" + Pattern.quote(other) + " [^`]*`", "");
                }
            }
            Set<String> named = options(ownText);
            assertThat(all).as("options `%s` has that %s names", command, REFERENCE).containsAll(named);
            assertThat(named).as("options of `%s` that its section in %s names", command, REFERENCE).containsAll(own);
        });
    }

    @Test
    void everyGlobalOptionIsInTheReference() throws IOException {
        String text = Files.readString(REFERENCE);
        String globalSection = text.substring(text.indexOf("## Global options"), text.indexOf("\n## Commands"));
        assertThat(options(globalSection)).as("global options in %s", REFERENCE)
                .containsExactlyInAnyOrderElementsOf(names(root().getCommandSpec()));
    }

    @Test
    void theReadmeLinksTheProjectsOwnDocs() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).doesNotContain("shared/docs");
        Matcher link = Pattern.compile("\\]\\((docs/[^)#]+)").matcher(readme);
        Set<String> linked = new TreeSet<>();
        while (link.find()) {
            linked.add(link.group(1));
        }
        assertThat(linked).contains("docs/cli-reference.md", "docs/architecture.md", "docs/aws-facts.md")
                .allSatisfy(target -> assertThat(Path.of(target)).isRegularFile());
    }

    /** The program's commands that do something, by path ("payers quicklink"); groups and `help` aside. */
    private static Map<String, CommandSpec> commands() {
        Map<String, CommandSpec> all = new TreeMap<>();
        collect(root(), "", all);
        return all;
    }

    private static void collect(CommandLine command, String prefix, Map<String, CommandSpec> into) {
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            if (STANDARD.contains(sub.getKey())) {
                continue;
            }
            String path = prefix + sub.getKey();
            if (sub.getValue().getSubcommands().keySet().stream().allMatch(STANDARD::contains)) {
                into.put(path, sub.getValue().getCommandSpec());
            } else {
                collect(sub.getValue(), path + " ", into);
            }
        }
    }

    private static CommandLine root() {
        return BillingEngineCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    /** Every name of every option, without picocli's --help and --version. */
    private static Set<String> names(CommandSpec spec) {
        return spec.options().stream().filter(o -> !o.hidden()).map(OptionSpec::names).flatMap(java.util.Arrays::stream)
                .filter(n -> n.startsWith("--") && !STANDARD.contains(n))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> options(String text) {
        return OPTION.matcher(text).results().map(java.util.regex.MatchResult::group).filter(n -> !STANDARD.contains(n))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Section heading → its text up to the next heading. */
    private static Map<String, String> sections(String markdown) {
        Map<String, String> sections = new LinkedHashMap<>();
        Matcher heading = SECTION.matcher(markdown);
        while (heading.find()) {
            int end = markdown.length();
            Matcher next = Pattern.compile("(?m)^#{2,3} ").matcher(markdown);
            if (next.find(heading.end())) {
                end = next.start();
            }
            sections.put(heading.group(1), markdown.substring(heading.end(), end));
        }
        return sections;
    }
}
