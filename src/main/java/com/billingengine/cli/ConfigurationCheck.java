package com.billingengine.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import com.billingengine.BillingProperties;
import com.billingengine.batch.ConnectionPool;
import com.billingengine.export.Delivery;
import com.billingengine.identity.AuthMode;
import com.billingengine.pricing.ChargeHandling;
import com.billingengine.pricing.ChargePolicy;
import com.billingengine.pricing.ExchangeRates;
import com.billingengine.pricing.PricingRules;

/**
 * Binds and checks the whole configuration — flags, environment, the config file and application.properties, in
 * Spring Boot's order — before the Spring context, the database or the log file is opened, so a command refused
 * for its configuration writes nothing. Every problem names where the value came from (file and line, option or
 * environment variable) and the key. Relative paths in a config file resolve against that file's folder; those
 * of flags and environment variables against the working directory.
 */
final class ConfigurationCheck {

    /** --sandbox's data dir when none is given (production's is application.properties' ./data). */
    static final String SANDBOX_DATA_DIR = "./data-sandbox";
    /** Path-valued keys: re-based on the config file's folder when they come from it. */
    private static final List<String> PATH_KEYS = List.of("billing.data-dir", "billing.token-file",
            "billing.db-password-file",
            "billing.exchange-rates", "billing.pricing-rules", "billing.identity.secret-file",
            "billing.identity.certificate-file", "billing.identity.private-key-file",
            "billing.identity.certificate-password-file", "billing.export.sftp.known-hosts",
            "billing.export.sftp.identity-file", "billing.export.sftp.password-file");
    private static final Map<String, String> OPTIONS = Map.of("billing.data-dir", "--data-dir", "billing.db-url",
            "--db-url", "billing.db-user", "--db-user", "billing.db-password-file", "--db-password-file", "billing.aws-endpoint",
            "--aws-endpoint", "billing.auth-mode", "--auth-mode", "billing.token-file", "--token-file", "billing.config",
            "--config");
    /** Top-level sections a config file may hold; anything else (a typo such as {@code biling:}) is refused. */
    private static final Set<String> SECTIONS = Set.of("billing", "logging", "spring");

    private final StandardEnvironment environment = new StandardEnvironment();
    private final Path config;
    private final List<String> problems = new ArrayList<>();
    /**
     * What binding and the charges: section found (a value that does not convert, an unknown key, an unknown charge
     * type), named in file order with the constraint violations.
     */
    private final List<Found> binding = new ArrayList<>();
    private final Map<String, String> resolved = new LinkedHashMap<>();

    private ConfigurationCheck(Path config) {
        this.config = config;
    }

    /** The checked settings and the absolute paths the engine must use instead of the relative ones given. */
    record Checked(BillingProperties properties, Map<String, String> resolvedPaths) {
    }

    /**
     * What the command about to start needs besides its configuration.
     *
     * @param jobs        it runs or serves the job: remote partitioning needs its broker now
     * @param sandbox     the built-in simulator runs, whose data dir defaults to {@link #SANDBOX_DATA_DIR}
     * @param aws         it calls AWS: the identity settings of the auth mode and the endpoint must work
     * @param secretGiven a sandbox handed the client secret over in memory: none is needed from the environment
     */
    record Needs(boolean jobs, boolean sandbox, boolean aws, boolean secretGiven) {
        static final Needs NOTHING = new Needs(false, false, false, false);
    }

    /**
     * @param args   the {@code --billing.key=value} arguments the engine will start with
     * @param config the config file (absolute)
     * @throws IllegalArgumentException (exit 2) naming every problem found
     */
    static Checked check(List<String> args, Path config, Path installation) {
        return check(args, config, installation, Needs.NOTHING);
    }

    /**
     * As above, with what the command needs. Every problem is collected first — settings, identity, endpoint, the
     * named files, database and broker — so one run names them all, one line each.
     */
    static Checked check(List<String> args, Path config, Path installation, Needs needs) {
        ConfigurationCheck check = new ConfigurationCheck(config);
        check.load(args, needs.sandbox());
        BillingProperties properties = check.bind();
        check.validate(properties, installation);
        if (needs.aws()) {
            check.identity(properties, needs.secretGiven());
            check.reachable("billing.aws-endpoint", properties.awsEndpoint());
        }
        check.loadNamedFiles();
        check.databasePassword();
        check.collect(() -> check.checkDatabase(properties, needs.jobs()));
        if (needs.jobs() && properties.job().remote()) {
            check.collect(check::checkBroker);
        }
        if (!check.problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(System.lineSeparator() + "error: ", check.problems));
        }
        return new Checked(properties, check.resolved);
    }

    /** A check that stops at its first problem, its problem added to the others. */
    private void collect(Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
    }

    private void load(List<String> args, boolean sandbox) {
        Map<String, Object> flags = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("--billing.") && eq > 0) {
                String key = arg.substring(2, eq);
                flags.put(key, OriginTrackedValue.of(arg.substring(eq + 1), new Flag(OPTIONS.getOrDefault(key, "--" + key))));
            }
        }
        var sources = environment.getPropertySources();
        sources.addFirst(new OriginTrackedMapPropertySource("commandLineArgs", flags));
        notBinary();
        try {
            for (PropertySource<?> yaml : new YamlPropertySourceLoader().load("config " + config,
                    new FileSystemResource(config))) {
                checkSections(yaml);
                sources.addLast(yaml);
            }
            if (sandbox) {
                // below every setting the user gave, above application.properties' ./data: the demo never opens it
                sources.addLast(new OriginTrackedMapPropertySource("sandbox defaults",
                        Map.of("billing.data-dir", SANDBOX_DATA_DIR)));
            }
            for (PropertySource<?> defaults : new PropertiesPropertySourceLoader().load("application.properties",
                    new ClassPathResource("application.properties"))) {
                sources.addLast(defaults);
            }
        } catch (MarkedYAMLException e) {
            throw new IllegalArgumentException(config + " line " + (e.getProblemMark().getLine() + 1) + ", column "
                    + (e.getProblemMark().getColumn() + 1) + ": not valid YAML: " + e.getProblem()
                    + (e.getContext() != null ? " (" + e.getContext() + ")" : ""), e);
        } catch (YAMLException | IllegalStateException e) {
            throw new IllegalArgumentException(config + ": not a YAML configuration file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(config + ": cannot read the configuration file: " + e.getMessage(), e);
        }
        ConfigurationPropertySources.attach(environment);
    }

    /**
     * A file that is not UTF-8 text (an image, a jar, a database given by mistake) would read as one YAML scalar and
     * be named an unknown key: said as what it is instead.
     */
    private void notBinary() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(config);
        } catch (IOException e) {
            throw new IllegalArgumentException(config + ": cannot read the configuration file: " + e.getMessage(), e);
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new IllegalArgumentException(config + ": not a YAML file (binary content: a NUL byte at byte "
                        + (i + 1) + ")");
            }
        }
        String text;
        try {
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(config + ": not a YAML file (not UTF-8 text)");
        }
        // Spring's loader allows any number of aliases and flattens every expansion: a "billion laughs" file would
        // fill the heap. Composed first with SnakeYAML's own limits (50 aliases), which expand nothing.
        try {
            for (var ignored : new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.LoaderOptions())
                    .composeAll(new java.io.StringReader(text))) {
                // composing each document is the check
            }
        } catch (MarkedYAMLException e) {
            // a syntax error: named with its line and column by the load that follows
        } catch (YAMLException e) {
            throw new IllegalArgumentException(config + ": not a YAML configuration file: " + e.getMessage(), e);
        }
    }

    private void checkSections(PropertySource<?> yaml) {
        if (yaml instanceof EnumerablePropertySource<?> names) {
            for (String name : names.getPropertyNames()) {
                String section = name.split("[.\\[]", 2)[0];
                if (section.equals("document")) {
                    // Spring's loader names a document that is no mapping (a bare word, a list) "document"
                    problems.add(config + ": not a YAML configuration file: expected keys under billing:, found a"
                            + " single value or list");
                    return;
                }
                if (!SECTIONS.contains(section)) {
                    problems.add(where(((OriginTrackedMapPropertySource) yaml).getOrigin(name)) + ": unknown key '"
                            + name + "' (the settings live under billing:)");
                }
            }
        }
    }

    /**
     * Spring Boot's own binding, unknown keys refused exactly as @ConfigurationProperties(ignoreUnknownFields=false).
     * Neither a value that does not convert nor an unknown key ends it (the binder would stop at the first): each is
     * recorded, a bad value's key left to its default, so one run names them all with the constraint violations.
     */
    private BillingProperties bind() {
        NoUnboundElementsBindHandler unbound = new NoUnboundElementsBindHandler(
                new IgnoreTopLevelConverterNotFoundBindHandler(), new UnboundElementsSourceFilter());
        return Binder.get(environment).bindOrCreate("billing", Bindable.of(BillingProperties.class),
                new Unconverted(unbound));
    }

    /** A problem found, the line of its value in the config file (for the order of the report) and its text. */
    private record Found(String key, int line, String text) {
    }

    /**
     * Records a value that does not convert and binds its key to the default instead, so binding goes on; records
     * the unknown keys the binder names at its end instead of ending the check with them.
     */
    private final class Unconverted extends AbstractBindHandler {
        private final BindHandler unbound;

        Unconverted(BindHandler unbound) {
            super(unbound);
            this.unbound = unbound;
        }

        @Override
        public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                Exception error) throws Exception {
            ConfigurationProperty property = context.getConfigurationProperty() != null
                    && context.getConfigurationProperty().getName().equals(name) ? context.getConfigurationProperty()
                    : property(name.toString());
            if (!(Causes.of(error).anyMatch(ConversionFailedException.class::isInstance)) || property == null) {
                return super.onFailure(name, target, context, error);
            }
            binding.add(new Found(name.toString(), line(property.getOrigin()),
                    unconvertible(name.toString(), target, property, error)));
            // the value is there, only wrong: not an unknown key besides
            unbound.onSuccess(name, target, context, property.getValue());
            Class<?> type = target.getType().resolve(Object.class);
            // a list ends at its first null element, the rest then "unknown keys": a stand-in keeps the others
            // bound and checked (never used: the check fails)
            return name.isLastElementIndexed() && type.isEnum() ? type.getEnumConstants()[0] : null;
        }

        /**
         * A YAML decimal such as {@code 1.5} for a whole-number setting: Spring's number conversion drops the
         * fraction without a word, so {@code concurrency: 1.5} would run as 1. Refused instead.
         */
        @Override
        public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                Object result) {
            Class<?> type = target.getType().resolve(Object.class);
            ConfigurationProperty property = context.getConfigurationProperty();
            if ((type == int.class || type == Integer.class || type == long.class || type == Long.class)
                    && property != null && property.getName().equals(name)
                    && (property.getValue() instanceof Double || property.getValue() instanceof Float
                            || property.getValue() instanceof java.math.BigDecimal)
                    && new java.math.BigDecimal(property.getValue().toString()).stripTrailingZeros().scale() > 0) {
                binding.add(new Found(name.toString(), line(property.getOrigin()),
                        at(property.getOrigin(), name.toString(), "not a whole number: '" + property.getValue()
                                + "'")));
            }
            return super.onSuccess(name, target, context, result);
        }

        /** An empty value of a closed set: Spring Boot's conversion makes it "not set", the default. */
        @Override
        public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result)
                throws Exception {
            Class<?> type = target.getType().resolve(Object.class);
            if (result == null && type.isEnum()) {
                ConfigurationProperty property = property(name.toString());
                if (property != null && property.getValue() instanceof CharSequence text && text.toString().isBlank()) {
                    binding.add(new Found(name.toString(), line(property.getOrigin()),
                            at(property.getOrigin(), name.toString(), unknown(type, text))));
                    unbound.onSuccess(name, target, context, text);
                }
            }
            try {
                super.onFinish(name, target, context, result);
            } catch (UnboundConfigurationPropertiesException e) {
                // one more problem among the others, not the end of the check
                for (ConfigurationProperty key : e.getUnboundProperties()) {
                    binding.add(new Found(key.getName().toString(), line(key.getOrigin()),
                            at(key.getOrigin(), key.getName().toString(), "unknown configuration key")));
                }
            }
        }
    }

    /** The line of a value that does not convert: a closed set lists its values, any other says as today. */
    private String unconvertible(String key, Bindable<?> target, ConfigurationProperty property, Exception error) {
        Class<?> type = target.getType().resolve(Object.class);
        if (type.isEnum()) {
            return at(property.getOrigin(), key, unknown(type, property.getValue()));
        }
        return at(property.getOrigin(), key, notA(type, property.getValue()));
    }

    /** What the value is not, in the words of the configuration (never a Java type): "not a whole number: 'many'". */
    private static String notA(Class<?> type, Object value) {
        String given = "'" + value + "'";
        boolean digits = String.valueOf(value).strip().matches("[-+]?\\d+");
        if (type == int.class || type == Integer.class) {
            return digits ? "not a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ": " + given
                    : "not a whole number: " + given;
        }
        if (type == long.class || type == Long.class) {
            return digits ? "not a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ": " + given
                    : "not a whole number: " + given;
        }
        if (type == java.time.Duration.class) {
            return "not a duration such as 30s or 5m: " + given;
        }
        if (type == java.math.BigDecimal.class || type == double.class || type == Double.class
                || type == float.class || type == Float.class) {
            return "not a number: " + given;
        }
        if (type == boolean.class || type == Boolean.class) {
            return "not true or false: " + given;
        }
        if (type == URI.class || type == java.net.URL.class) {
            return "not a URL such as http://127.0.0.1:9091: " + given;
        }
        if (type == Path.class) {
            return "not a file path: " + given;
        }
        return "not a value this setting takes: " + given;
    }

    /** "unknown value 'remot'; expected one of local, remote": the spellings are the constants' toString(). */
    private static String unknown(Class<?> type, Object value) {
        String expected = java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", "));
        // the charges: section says so since before its values were an enum
        return type == ChargeHandling.class ? "unknown handling '" + value + "' (expected one of " + expected + ")"
                : "unknown value '" + value + "'; expected one of " + expected;
    }

    private void validate(BillingProperties p, Path installation) {
        constraints(p);
        if (p.job().remote() && (p.dbUrl() == null || p.dbUrl().isBlank() || p.dbUrl().startsWith("jdbc:h2:"))) {
            problem("billing.job.partitioning", "remote needs a job repository the workers share: a PostgreSQL "
                    + "database (--db-url or BILLING_DB_URL); the embedded H2 database belongs to one process");
        }
        if (p.metrics().pushgatewayUrl() != null) {
            url("billing.metrics.pushgateway-url", p.metrics().pushgatewayUrl().toString());
        }
        delivery(p.export());
        url("billing.aws-endpoint", p.awsEndpoint());
        url("billing.identity.authority", p.identity().authority());
        if (p.authMode() == AuthMode.TOKEN_FILE && p.tokenFile() == null) {
            problem("billing.auth-mode", "token-file needs --token-file FILE (or BILLING_TOKEN_FILE)");
        }
        dataDir(p.dataDir());
        for (String key : PATH_KEYS) {
            Path path = path(key);
            if (path != null && !key.equals("billing.data-dir") && !Files.isRegularFile(path)) {
                problem(key, path + ": " + (Files.isDirectory(path) ? "a folder, not a file" : "file not found"));
            } else if (path != null && !key.equals("billing.data-dir") && !Files.isReadable(path)) {
                problem(key, path + ": not readable by this user");
            }
        }
        if (path("billing.exchange-rates") == null && installation == null) {
            problem("billing.exchange-rates", "not set, and no installation to take jobs/exchange-rates.csv from");
        } else if (path("billing.exchange-rates") == null) {
            // not named: the installation's rates, never the working directory's
            resolved.put("billing.exchange-rates", installation.resolve(Installation.EXCHANGE_RATES).toString());
        }
    }

    private static final jakarta.validation.ValidatorFactory VALIDATION = jakarta.validation.Validation
            .byDefaultProvider().configure()
            .messageInterpolator(new org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator())
            .buildValidatorFactory();

    /**
     * The Bean Validation constraints of the configuration records, on the values as bound: every violation is a
     * problem named with the key and where its value came from, in the order of the file.
     */
    private void constraints(BillingProperties p) {
        charges(p.charges());
        var violations = new ArrayList<>(VALIDATION.getValidator().validate(p));
        List<Found> found = new ArrayList<>(binding);
        for (var v : violations) {
            String key = key(v.getPropertyPath());
            String value = String.valueOf(v.getInvalidValue());
            String message = v.getMessage().contains("%s") ? v.getMessage().replace("%s", value)
                    : v.getMessage() + ", got " + value;
            found.add(new Found(key, line(origin(key)), at(origin(key), key, message)));
        }
        found.sort(java.util.Comparator.comparingInt(Found::line).thenComparing(Found::key));
        found.forEach(f -> problems.add(f.text()));
    }

    /** Every charge type of the charges: section that is none, each with the line of its key. */
    private void charges(Map<String, ChargeHandling> charges) {
        for (ChargePolicy.Problem problem : ChargePolicy.problems(charges)) {
            Origin origin = keyOrigin("billing." + problem.key());
            // the key as written ("sales tax"), not as the binder adapted it ("salestax")
            String key = origin instanceof PropertySourceOrigin p && p.getOrigin() != null ? p.getPropertyName()
                    : "billing." + problem.key();
            binding.add(new Found(key, line(origin), origin == null ? config + ": " + key + ": " + problem.message()
                    : at(origin, key, problem.message())));
        }
    }

    /**
     * Where a key of a map section was given: the binder's property when the key is a valid property name (also
     * {@code "sales tax"}, which the binder reads as {@code salestax}), else (e.g. {@code VAT}, no property name) the
     * config file's own origin of the key as written.
     */
    private Origin keyOrigin(String key) {
        ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(key);
        Origin origin = name == null ? null : origin(name);
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (origin == null && source instanceof org.springframework.boot.origin.OriginLookup<?> lookup) {
                @SuppressWarnings("unchecked")
                Origin found = ((org.springframework.boot.origin.OriginLookup<String>) lookup).getOrigin(key);
                origin = found;
            }
        }
        return origin;
    }

    /** {@code export.formats[1]} as the configuration key {@code billing.export.formats[1]}. */
    private static String key(jakarta.validation.Path path) {
        StringBuilder key = new StringBuilder("billing");
        for (jakarta.validation.Path.Node node : path) {
            if (node.isInIterable() && node.getIndex() != null) {
                key.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                key.append('.').append(node.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT));
            }
        }
        return key.toString();
    }

    private static int line(Origin origin) {
        for (Origin o = origin; o != null; o = o instanceof PropertySourceOrigin p && p.getOrigin() != null
                ? p.getOrigin() : o.getParent()) {
            if (o instanceof TextResourceOrigin text && text.getLocation() != null) {
                return text.getLocation().getLine();
            }
        }
        return Integer.MAX_VALUE;
    }

    /**
     * Each delivery target is an s3:// or sftp:// URL; an SFTP one needs the known_hosts file (the host key is always
     * checked) and a key or password file. The files themselves are checked with the other path keys.
     */

    private void delivery(BillingProperties.Export export) {
        List<String> targets = export.delivery() == null ? List.of() : export.delivery();
        for (int i = 0; i < targets.size(); i++) {
            String key = "billing.export.delivery[" + i + "]";
            String scheme;
            try {
                scheme = Delivery.scheme(targets.get(i));
            } catch (IllegalArgumentException e) {
                problem(key, e.getMessage());
                continue;
            }
            if (scheme.equals("sftp") && path("billing.export.sftp.known-hosts") == null) {
                problem(key, "an sftp:// target needs billing.export.sftp.known-hosts: the known_hosts file holding "
                        + "the server's host key (it is always checked)");
            }
            if (scheme.equals("sftp") && path("billing.export.sftp.identity-file") == null
                    && path("billing.export.sftp.password-file") == null) {
                problem(key, "an sftp:// target needs billing.export.sftp.identity-file (a private key) or "
                        + "billing.export.sftp.password-file (never a password in the URL or the settings)");
            }
        }
        // read here, so a file that is no key is bad input (exit 2), not a failed delivery
        Path knownHosts = path("billing.export.sftp.known-hosts");
        if (knownHosts != null && Files.isRegularFile(knownHosts) && Delivery.unusableKnownHosts(knownHosts) != null) {
            problem("billing.export.sftp.known-hosts", knownHosts + ": " + Delivery.unusableKnownHosts(knownHosts));
        }
        Path identity = path("billing.export.sftp.identity-file");
        if (identity != null && Files.isRegularFile(identity) && Delivery.unusableIdentity(identity) != null) {
            problem("billing.export.sftp.identity-file", identity + ": " + Delivery.unusableIdentity(identity));
        }
        url("billing.export.s3-endpoint", export.s3Endpoint());
    }

    /**
     * The pricing rules and exchange rates are read once here, so a bad entry is refused before the database opens;
     * a file that is missing was named with the other paths.
     */
    private void loadNamedFiles() {
        readable("billing.pricing-rules").ifPresent(rules -> collectFile(() -> PricingRules.load(rules)));
        readable("billing.exchange-rates").ifPresent(rates -> collectFile(() -> ExchangeRates.load(rates)));
    }

    private java.util.Optional<Path> readable(String key) {
        return java.util.Optional.ofNullable(resolved.get(key)).map(Path::of)
                .filter(f -> Files.isRegularFile(f) && Files.isReadable(f));
    }

    /** The file's own exceptions name its path, line and field. */
    private void collectFile(Runnable load) {
        try {
            load.run();
        } catch (RuntimeException e) {
            if (!(e instanceof IllegalArgumentException || e.getClass().getSimpleName().endsWith("Exception"))) {
                throw e;
            }
            problems.add(e.getMessage());
        }
    }

    /**
     * The database password comes from the environment (BILLING_DB_PASSWORD) or a file
     * (billing.db-password-file), never the command line, where every user of the machine sees it (ps).
     */
    private void databasePassword() {
        readable("billing.db-password-file").ifPresent(file -> {
            try {
                String password = Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).strip();
                if (password.isEmpty()) {
                    problem("billing.db-password-file", file + ": the file is empty");
                }
                resolved.put("billing.db-password", password);
            } catch (IOException e) {
                problem("billing.db-password-file", file + ": cannot read it (" + e.getMessage() + ")");
            }
        });
    }

    /**
     * The identity settings the auth mode signs in with (entra-id: tenant, client id and a client credential; the
     * token file of token-file is checked with the other paths), so a missing one is exit 2 before the job, not a
     * failed revision.
     */
    private void identity(BillingProperties p, boolean secretGiven) {
        if (p.authMode() != AuthMode.ENTRA_ID) {
            return;
        }
        BillingProperties.Identity identity = p.identity();
        String needs = "--auth-mode entra-id (the default without --sandbox) needs it: ";
        if (identity.tenantId() == null || identity.tenantId().isBlank()) {
            missing("billing.identity.tenant-id", needs + "the Entra ID tenant (directory) id, under billing.identity"
                    + " in " + config + " or BILLING_IDENTITY_TENANT_ID");
        }
        if (identity.clientId() == null || identity.clientId().isBlank()) {
            missing("billing.identity.client-id", needs + "the engine's Entra ID application (client) id, under"
                    + " billing.identity in " + config + " or BILLING_IDENTITY_CLIENT_ID");
        }
        if (secretGiven) {
            return;
        }
        Path certificate = path("billing.identity.certificate-file");
        if (certificate != null) {
            String name = certificate.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!(name.endsWith(".p12") || name.endsWith(".pfx")) && path("billing.identity.private-key-file") == null) {
                missing("billing.identity.private-key-file", "the PEM certificate " + certificate + " needs its"
                        + " PKCS#8 PEM key, or give a .p12/.pfx file as billing.identity.certificate-file");
            }
            return;
        }
        Path secretFile = path("billing.identity.secret-file");
        if (secretFile != null) {
            try {
                if (Files.isRegularFile(secretFile) && Files.isReadable(secretFile)
                        && Files.readString(secretFile, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
                    problem("billing.identity.secret-file", secretFile + ": the file is empty");
                }
            } catch (IOException e) {
                problem("billing.identity.secret-file", secretFile + ": cannot read it (" + e.getMessage() + ")");
            }
            return;
        }
        String env = System.getenv("BILLING_CLIENT_SECRET");
        if (env == null || env.isBlank()) {
            missing("billing.identity.secret-file", needs + "a client credential: the secret in the environment"
                    + " variable BILLING_CLIENT_SECRET or in billing.identity.secret-file, or a certificate"
                    + " (billing.identity.certificate-file)");
        }
    }

    /**
     * The endpoint answers on its port (TCP), so a wrong host or a stopped emulator is exit 2 at start-up, not a
     * failed job after its first retries.
     */
    private void reachable(String key, String value) {
        URI uri = uri(value);
        if (uri == null) {
            return;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), port), 5_000);
        } catch (IOException | IllegalArgumentException e) {
            String reason = e instanceof java.net.UnknownHostException ? "unknown host " + uri.getHost()
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            problem(key, "cannot reach " + value + " (" + reason + "); check the URL and that the endpoint runs");
        }
    }

    /** An http(s) URL with a host, else null (a bad one is named by {@link #url}). */
    private static URI uri(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(value);
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return web && uri.getHost() != null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The value as given, re-based on its config file's folder when it came from one; null when not set. */
    private Path path(String key) {
        ConfigurationProperty property = property(key);
        if (property == null || property.getValue() == null || property.getValue().toString().isBlank()) {
            return null;
        }
        Path path = Path.of(property.getValue().toString());
        Path base = fileOf(property.getOrigin());
        if (!path.isAbsolute()) {
            // an absolute path for every consumer: H2 refuses a URL relative to the working directory
            path = (base != null ? base.getParent().resolve(path) : path.toAbsolutePath()).normalize();
        }
        resolved.put(key, path.toString());
        return path;
    }

    /**
     * A data dir that is a file, under a file or not writable is refused here; Logback or H2 would otherwise fail
     * with an error about their own configuration. Nothing is created: the engine creates it on start.
     */
    private void dataDir(Path given) {
        Path dir = path("billing.data-dir");
        if (dir == null) {
            dir = given.toAbsolutePath().normalize();
        }
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            problem("billing.data-dir", dir + ": no such folder");
        } else if (!Files.isDirectory(existing)) {
            problem("billing.data-dir", dir + ": " + (existing.equals(dir) ? "a file, not a folder"
                    : existing + " is a file, not a folder"));
        } else if (!Files.isWritable(existing) || existing.startsWith("/proc") || existing.startsWith("/sys")) {
            problem("billing.data-dir", dir + ": " + existing + " is not writable");
        }
    }

    /**
     * A server database (PostgreSQL) is connected to once, so an unreachable host, a missing database or an
     * unknown role is named as such; the embedded H2 file database is created on first use and needs no check.
     */
    private void checkDatabase(BillingProperties p, boolean jobs) {
        String url = p.dbUrl();
        if (url == null || url.isBlank()) {
            return;
        }
        String where = "database " + url + " (" + describe(origin("billing.db-url")) + ")";
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException(where + ": not a JDBC URL; expected e.g. "
                    + "jdbc:postgresql://127.0.0.1:5432/billing");
        }
        if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:mem:")) {
            throw new IllegalArgumentException(where + ": an in-memory database forgets every run when the command"
                    + " ends, so a month could be billed twice; use the H2 file database in the data dir (no --db-url)"
                    + " or a PostgreSQL database");
        }
        if (url.startsWith("jdbc:h2:")) {
            return;
        }
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new IllegalArgumentException(where + ": no database driver for this URL "
                    + "(supported: jdbc:postgresql:, jdbc:h2:)", e);
        }
        Properties login = new Properties();
        login.setProperty("user", p.dbUser() != null ? p.dbUser() : "sa");
        String password = resolved.getOrDefault("billing.db-password", p.dbPassword());
        if (password != null) {
            login.setProperty("password", password);
        }
        login.setProperty("connectTimeout", "10");
        String tooFew;
        try (Connection connection = DriverManager.getConnection(url, login)) {
            // reachable, the database exists and the role may log in
            // only a job holds concurrency + 4 connections; other commands take one or two, lazily
            tooFew = jobs ? connectionsMissing(connection, p.job().concurrency()) : null;
        } catch (SQLException e) {
            throw new IllegalArgumentException(where + ": " + databaseProblem(e, login.getProperty("user")), e);
        }
        if (tooFew != null) {
            problem("billing.job.concurrency", tooFew + " (" + where + ")");
            throw new IllegalArgumentException(String.join(System.lineSeparator() + "error: ", problems));
        }
    }

    /**
     * PostgreSQL serves max_connections, less those reserved for superusers and those other clients (other
     * engines, workers, people) hold now; this process may open {@link ConnectionPool#size} of them. Null: enough.
     */
    private String connectionsMissing(Connection connection, int concurrency) throws SQLException {
        if (!connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")
                || environment.containsProperty("spring.datasource.hikari.maximum-pool-size")) {
            return null;
        }
        int max;
        int reserved;
        int used;
        try (java.sql.Statement s = connection.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT current_setting('max_connections')::int,"
                        + " current_setting('superuser_reserved_connections')::int,"
                        + " (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                        + " AND pid <> pg_backend_pid())::int")) {
            rs.next();
            max = rs.getInt(1);
            reserved = rs.getInt(2);
            used = rs.getInt(3);
        }
        int needed = ConnectionPool.size(concurrency);
        int free = max - reserved - used;
        if (needed <= free) {
            return null;
        }
        return concurrency + " needs up to " + needed + " database connections (concurrency + "
                + (needed - concurrency) + "), but PostgreSQL's max_connections is " + max + " (" + reserved
                + " reserved for superusers, " + used + " in use by other clients): " + Math.max(0, free)
                + " are free, so at most " + Math.max(0, free - (needed - concurrency))
                + " can be served; lower billing.job.concurrency or raise max_connections";
    }

    /**
     * Remote partitioning sends partitions through RabbitMQ: the broker ({@code spring.rabbitmq.host} and
     * {@code port}, e.g. SPRING_RABBITMQ_HOST) is connected to once, so an unreachable one is named with its host
     * and port before the job starts, like an unreachable database (exit 2: the environment, not the job, is wrong).
     */
    private void checkBroker() {
        String host = environment.getProperty("spring.rabbitmq.host", "localhost");
        String port = environment.getProperty("spring.rabbitmq.port", "5672");
        String where = "RabbitMQ broker " + host + ":" + port + " (spring.rabbitmq.host "
                + describe(origin("spring.rabbitmq.host")) + ", spring.rabbitmq.port "
                + describe(origin("spring.rabbitmq.port")) + "; needed by billing.job.partitioning=remote)";
        int number;
        try {
            number = Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": the port is not a number", e);
        }
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(host, number), 10_000);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": cannot reach it (" + e.getMessage() + "); check the host and "
                    + "port and that the broker is running", e);
        }
    }

    static String databaseProblem(SQLException e, String user) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        if (state.equals("3D000")) {
            return "the database does not exist (" + message + "); create it first, e.g. createdb";
        }
        if (state.startsWith("28")) {
            return "the server refused user '" + user + "' (" + message + "); check --db-user and BILLING_DB_PASSWORD";
        }
        if (state.startsWith("08")) {
            return "cannot reach the database server (" + message + "); check the host and port and that the "
                    + "server is running";
        }
        return "cannot open the database (" + message + ")";
    }

    private void url(String key, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            URI uri = new URI(value);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                problem(key, "'" + value + "' is not an http(s) URL such as http://127.0.0.1:5000");
            }
        } catch (URISyntaxException e) {
            problem(key, "'" + value + "' is not an http(s) URL: " + e.getReason());
        }
    }

    /** A setting that is not set: named with the config file it belongs in. */
    private void missing(String key, String message) {
        if (origin(key) != null) {
            problem(key, message);
            return;
        }
        problems.add(config + ": " + key + ": not set; " + message);
    }

    private void problem(String key, String message) {
        problems.add(at(origin(key), key, message));
    }

    /** "FILE line 3, column 18: KEY: MESSAGE"; a flag is named by itself ("option --auth-mode: MESSAGE"). */
    private String at(Origin origin, String key, String message) {
        boolean flag = origin instanceof PropertySourceOrigin p && p.getOrigin() instanceof Flag;
        return describe(origin) + ": " + (flag ? "" : key + ": ") + message;
    }

    private ConfigurationProperty property(String key) {
        ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property != null) {
                return property;
            }
        }
        return null;
    }

    private Origin origin(String key) {
        ConfigurationProperty property = property(key);
        return property == null ? null : property.getOrigin();
    }

    private Origin origin(ConfigurationPropertyName name) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property != null) {
                return property.getOrigin();
            }
        }
        return null;
    }

    /** The file a value came from, when it came from a file on disk (not application.properties in the jar). */
    private static Path fileOf(Origin origin) {
        for (Origin o = origin; o != null; o = o instanceof PropertySourceOrigin p && p.getOrigin() != null
                ? p.getOrigin() : o.getParent()) {
            if (o instanceof TextResourceOrigin text && text.getResource() instanceof FileSystemResource file) {
                return file.getFile().toPath().toAbsolutePath();
            }
        }
        return null;
    }

    private String describe(Origin origin) {
        if (origin == null) {
            return "default";
        }
        if (origin instanceof PropertySourceOrigin p && p.getOrigin() == null
                && p.getPropertySource().getName().equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            return "environment variable " + p.getPropertyName();
        }
        if (origin instanceof PropertySourceOrigin p && p.getOrigin() == null
                && p.getPropertySource().getName().equals(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME)) {
            return "system property " + p.getPropertyName();
        }
        return where(origin);
    }

    /** "…/monthly-billing.yml line 3, column 17", "option --auth-mode" or Spring's own description. */
    static String where(Origin origin) {
        for (Origin o = origin; o != null; o = o instanceof PropertySourceOrigin p && p.getOrigin() != null
                ? p.getOrigin() : o.getParent()) {
            if (o instanceof Flag flag) {
                return "option " + flag.option();
            }
            if (o instanceof TextResourceOrigin text && text.getLocation() != null) {
                String resource = text.getResource() == null ? "?" : text.getResource() instanceof FileSystemResource f
                        ? f.getPath() : text.getResource().getDescription().replaceFirst("^URL \\[file:(.*)\\]$", "$1");
                return resource + " line " + (text.getLocation().getLine() + 1) + ", column "
                        + (text.getLocation().getColumn() + 1);
            }
        }
        return origin == null ? "from the environment or command line" : origin.toString();
    }

    /** A value given as a command-line flag. */
    private record Flag(String option) implements Origin {
        @Override
        public String toString() {
            return "option " + option;
        }
    }
}
