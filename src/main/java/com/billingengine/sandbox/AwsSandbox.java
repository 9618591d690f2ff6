package com.billingengine.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The built-in AWS simulator: one local HTTP endpoint speaking the real wire protocols of STS (query/XML),
 * Organizations and Cost Explorer (JSON 1.1), plus an Entra ID-like token endpoint, so the real AWS SDK clients
 * reach it through {@code endpointOverride}. Holds no static state: several may run in one JVM.
 *
 * <p>Every AWS call is counted (per operation and per account whose credentials made it; AssumeRoleWithWebIdentity
 * counts for the role's account), then delayed by {@code latencyMs}, then possibly faulted: calls with credentials of
 * a failing account answer 503, and a seed-determined share of calls (by request number) answers the service's
 * throttling error or a 500/503. The Entra endpoints count as {@code EntraToken} and are never faulted.
 */
public final class AwsSandbox implements AutoCloseable {

    /** Enough to serve an engine at billing.job.concurrency 64 with requests of several queries a payer in flight. */
    private static final int THREADS = 128;
    private static final long FAULT_SALT = 0xFA017L;
    /** GetCostAndUsage requests answered and in flight (peak, average), as JSON, for a benchmark of a served sandbox. */
    static final String STATS_PATH = "/sandbox/cost-explorer-stats";
    private static final String JSON_11 = "application/x-amz-json-1.1";

    private final SandboxOptions options;
    private final Scenario scenario;
    private final CostModel costs;
    private final TokenAuthority tokens;
    private final Sessions sessions;
    private final StsApi sts;
    private final OrganizationsApi organizations;
    private final CostExplorerApi costExplorer;
    private final EntraApi entra;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String clientSecret;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final AtomicLong requestNumber = new AtomicLong();
    private final InFlight costExplorerInFlight = new InFlight();
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private HttpsServer httpsServer;
    private SandboxTls tls;

    private AwsSandbox(SandboxOptions options, Clock clock, int port) throws IOException {
        this.options = options;
        this.scenario = new Scenario(options);
        this.costs = new CostModel(scenario);
        this.tokens = new TokenAuthority(scenario.trust(), json, clock);
        this.sessions = new Sessions(clock);
        this.sts = new StsApi(scenario, tokens, sessions, options.credentialLifetime(), clock);
        PageTokens pageTokens = new PageTokens(options.seed());
        this.organizations = new OrganizationsApi(scenario, pageTokens, json);
        SecureRandom random = new SecureRandom();
        this.costExplorer = new CostExplorerApi(scenario, costs, pageTokens, json,
                options.estimated() ? 31 : options.variations().estimatedDays(),
                options.variations().pageTokenMaxAge(), clock, random.nextLong() & Long.MAX_VALUE);
        this.clientSecret = randomSecret(random);
        this.entra = new EntraApi(scenario.trust(), tokens, clientSecret, json);
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
        // ~50 ms per call instead of ~5. The JDK reads this once, when the first HttpServer of the JVM is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "aws-sandbox-" + server.getAddress().getPort() + "-"
                    + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        startDispatcherAsDaemon(server);
    }

    /** The server's dispatcher thread inherits daemon status from its starter: a forgotten sandbox never holds the JVM. */
    private static void startDispatcherAsDaemon(HttpServer server) {
        Thread starter = new Thread(server::start, "aws-sandbox-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the AWS sandbox", e);
        }
    }

    public static AwsSandbox start(SandboxOptions options) {
        return start(options, Clock.systemUTC());
    }

    /** Starts with a given clock: token expiry and credential expiry follow it. */
    public static AwsSandbox start(SandboxOptions options, Clock clock) {
        try {
            return new AwsSandbox(options, clock, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the AWS sandbox on 127.0.0.1", e);
        }
    }

    /**
     * Starts on a given port of 127.0.0.1 (0: any free port), for {@code sandbox serve}.
     *
     * @throws IllegalArgumentException when the port cannot be bound (in use, or out of range)
     */
    public static AwsSandbox start(SandboxOptions options, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
        }
        try {
            return new AwsSandbox(options, Clock.systemUTC(), port);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serve the AWS sandbox on 127.0.0.1:" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the override for STS, Organizations, Cost Explorer and the token endpoint. */
    public URI endpoint() {
        return endpoint;
    }

    public SandboxOptions options() {
        return options;
    }

    /** The healthy payers, ordered by account id. */
    public List<SandboxPayer> payers() {
        return scenario.payers();
    }

    /**
     * Known accounts that fail on purpose, each explained in {@link SandboxPayer#note()}: a management account whose
     * role trust expects another audience (AssumeRoleWithWebIdentity: 403 AccessDenied); a member account of the
     * first payer's organisation with a working role (Organizations: AccessDeniedException; Cost Explorer: only its
     * own costs); a standalone account outside any organisation (Organizations: AWSOrganizationsNotInUseException).
     */
    public List<SandboxPayer> problemPayers() {
        return scenario.problemPayers();
    }

    /**
     * Accounts that left their organisation mid-month ({@link SandboxOptions.Variations#accountLeaves()}), id to
     * name: no longer listed by Organizations, charged by Cost Explorer for days 1 to 15 under that name.
     */
    public Map<String, String> departedAccounts() {
        return scenario.departedAccounts();
    }

    public SandboxTrust trust() {
        return scenario.trust();
    }

    /** The client secret the token endpoint accepts; random per start. */
    public String clientSecret() {
        return clientSecret;
    }

    /** What a client needs to sign in here with {@code --auth-mode sandbox}; also served at /sandbox/client-settings. */
    public SandboxClient client() {
        return SandboxClient.of(scenario.trust(), clientSecret);
    }

    /** A valid web identity token for the healthy roles, good for one hour. */
    public String webIdentityToken() {
        return webIdentityToken(Map.of(), Duration.ofHours(1));
    }

    /**
     * A token signed by the sandbox issuer with claims replaced (a null value removes the claim), e.g. another
     * {@code aud}, or a negative lifetime for an expired token.
     */
    public String webIdentityToken(Map<String, Object> claimOverrides, Duration lifetime) {
        return tokens.issue(claimOverrides, lifetime);
    }

    /** Requests received for an operation, e.g. "GetCostAndUsage", "ListAccounts", "AssumeRoleWithWebIdentity". */
    public long requestCount(String operation) {
        LongAdder count = counts.get(operation);
        return count == null ? 0 : count.sum();
    }

    /** The most GetCostAndUsage requests the sandbox was answering at one time (since it started). */
    public int costExplorerPeakInFlight() {
        return costExplorerInFlight.peak();
    }

    /** Requests for an operation made with credentials of that account (or, for AssumeRole, for its role). */
    public long requestCount(String operation, String accountId) {
        return requestCount(operation + "@" + accountId);
    }

    /** Sum of every generated amount of the metric that the account's credentials see in the month. */
    public BigDecimal monthTotal(String payerAccountId, YearMonth month, String metric) {
        return monthTotal(payerAccountId, month, metric, null);
    }

    /** As {@link #monthTotal(String, YearMonth, String)}, only record types in the set (null: all). */
    public BigDecimal monthTotal(String payerAccountId, YearMonth month, String metric, Set<String> recordTypes) {
        CostMetric costMetric = CostMetric.ofApiName(metric);
        if (costMetric == null) {
            throw new IllegalArgumentException("unknown Cost Explorer metric '" + metric + "'");
        }
        return costs.monthTotal(payerAccountId, month, costMetric, recordTypes);
    }

    /**
     * The same services over HTTPS, started on first use: msal4j (Entra ID sign-in) insists on an https
     * authority. Clients must trust {@link #clientSslContext()}.
     */
    public synchronized URI httpsEndpoint() {
        if (httpsServer == null) {
            tls = SandboxTls.create();
            try {
                httpsServer = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the sandbox's HTTPS listener", e);
            }
            httpsServer.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
            httpsServer.setExecutor(executor);
            httpsServer.createContext("/", this::handle);
            startDispatcherAsDaemon(httpsServer);
        }
        return URI.create("https://127.0.0.1:" + httpsServer.getAddress().getPort());
    }

    /** An SSL context trusting only this sandbox's HTTPS listener. */
    public synchronized SSLContext clientSslContext() {
        httpsEndpoint();
        return tls.clientContext();
    }

    @Override
    public void close() {
        if (httpsServer != null) {
            httpsServer.stop(0);
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (entra.serves(path)) {
                handleEntra(exchange, path, body);
            } else if (path.equals(SandboxClient.PATH) && "GET".equals(exchange.getRequestMethod())) {
                count("SandboxClientSettings", null);
                send(exchange, 200, "application/json; charset=utf-8",
                        json.writeValueAsString(client().toJson(json)), null);
            } else if (path.equals(STATS_PATH) && "GET".equals(exchange.getRequestMethod())) {
                send(exchange, 200, "application/json; charset=utf-8", json.writeValueAsString(
                        costExplorerInFlight.toJson(json.createObjectNode())), null);
            } else if (target != null) {
                handleJson(exchange, target, body);
            } else if ("POST".equals(exchange.getRequestMethod())) {
                handleSts(exchange, body);
            } else {
                send(exchange, 404, "text/plain", "Not found: " + path, null);
            }
        } finally {
            exchange.close();
        }
    }

    private void handleEntra(HttpExchange exchange, String path, byte[] body) throws IOException {
        count("EntraToken", null);
        EntraApi.Answer answer;
        try {
            answer = "POST".equals(exchange.getRequestMethod())
                    ? entra.token(path, form(body))
                    : entra.get(path, endpoint.toString());
        } catch (RuntimeException unexpected) {
            send(exchange, 500, "application/json; charset=utf-8",
                    json.writeValueAsString(json.createObjectNode().put("error", "server_error")
                            .put("error_description", "sandbox failure: " + unexpected)), null);
            return;
        }
        if (answer == null) {
            send(exchange, 404, "text/plain", "Not found: " + path, null);
        } else {
            send(exchange, answer.status(), "application/json; charset=utf-8", json.writeValueAsString(answer.body()),
                    null);
        }
    }

    private void handleJson(HttpExchange exchange, String target, byte[] body) throws IOException {
        long number = requestNumber.incrementAndGet();
        String requestId = requestId(number);
        int dot = target.indexOf('.');
        String service = dot < 0 ? target : target.substring(0, dot);
        String operation = dot < 0 ? "" : target.substring(dot + 1);
        boolean costExplorerCall = operation.equals("GetCostAndUsage");
        long started = costExplorerCall ? costExplorerInFlight.start() : 0;
        try {
            count(operation, null);
            boolean isOrganizations = service.equals("AWSOrganizationsV20161128");
            if (!isOrganizations && !service.equals("AWSInsightsIndexService")) {
                throw new AwsError(400, "UnknownOperationException", "Unknown target " + target);
            }
            Sessions.Session session = sessions.find(exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"), "UnrecognizedClientException");
            String caller = session.accountId();
            count(operation, caller);
            pause();
            costExplorerOutage(operation);
            if (options.failingAccounts().contains(caller)) {
                throw new AwsError(503, "ServiceUnavailable", "Service unavailable for account " + caller
                        + " (sandbox failing account)");
            }
            int cutOff = options.failCostExplorerAfter();
            if (cutOff > 0 && operation.equals("GetCostAndUsage") && requestCount(operation, caller) > cutOff) {
                throw new AwsError(400, "DataUnavailableException", "Cost Explorer refuses account " + caller
                        + " after " + cutOff + " calls (sandbox fault fail-ce-after)");
            }
            injectFault(number, isOrganizations ? "TooManyRequestsException" : "LimitExceededException");
            JsonNode request = parseJson(body);
            ObjectNode response = switch (target) {
                case "AWSOrganizationsV20161128.ListAccounts" -> organizations.listAccounts(caller, request);
                case "AWSOrganizationsV20161128.DescribeAccount" -> organizations.describeAccount(caller, request);
                case "AWSInsightsIndexService.GetCostAndUsage" -> costExplorer.getCostAndUsage(caller, request);
                default -> throw new AwsError(400, "UnknownOperationException",
                        "The sandbox does not implement " + target);
            };
            send(exchange, 200, JSON_11, json.writeValueAsString(response), requestId);
        } catch (AwsError error) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", error.code());
            ObjectNode errorBody = json.createObjectNode().put("__type", error.code()).put("Message", error.getMessage());
            send(exchange, error.status(), JSON_11, json.writeValueAsString(errorBody), requestId);
        } catch (RuntimeException unexpected) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "InternalFailure");
            ObjectNode errorBody = json.createObjectNode().put("__type", "InternalFailure")
                    .put("Message", "sandbox failure: " + unexpected);
            send(exchange, 500, JSON_11, json.writeValueAsString(errorBody), requestId);
        } finally {
            if (costExplorerCall) {
                costExplorerInFlight.end(started);
            }
        }
    }

    private void handleSts(HttpExchange exchange, byte[] body) throws IOException {
        long number = requestNumber.incrementAndGet();
        String requestId = requestId(number);
        Map<String, String> form = form(body);
        String action = form.getOrDefault("Action", "");
        try {
            count(action, null);
            String xml;
            switch (action) {
                case "AssumeRoleWithWebIdentity" -> {
                    String account = StsApi.roleAccount(form.get("RoleArn"));
                    if (account != null) {
                        count(action, account);
                    }
                    pause();
                    injectFault(number, "Throttling");
                    xml = sts.assumeRoleWithWebIdentity(form, requestId);
                }
                case "GetCallerIdentity" -> {
                    Sessions.Session session = sessions.find(exchange.getRequestHeaders().getFirst("Authorization"),
                            exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"), "InvalidClientTokenId");
                    count(action, session.accountId());
                    pause();
                    injectFault(number, "Throttling");
                    xml = sts.getCallerIdentity(session, requestId);
                }
                default -> throw new AwsError(400, "InvalidAction",
                        "Could not find operation " + action + " for version 2011-06-15");
            }
            send(exchange, 200, "text/xml", xml, requestId);
        } catch (AwsError error) {
            send(exchange, error.status(), "text/xml", StsApi.error(error, requestId), requestId);
        } catch (RuntimeException unexpected) {
            send(exchange, 500, "text/xml",
                    StsApi.error(new AwsError(500, "InternalFailure", "sandbox failure: " + unexpected), requestId),
                    requestId);
        }
    }

    /** After the configured number of GetCostAndUsage requests, Cost Explorer answers no more (not retryable). */
    private void costExplorerOutage(String operation) {
        long after = options.variations().costExplorerOutageAfter();
        if (after > 0 && operation.equals("GetCostAndUsage") && requestCount(operation) > after) {
            throw new AwsError(400, "DataUnavailableException", "The requested data is unavailable (sandbox outage "
                    + "after " + after + " GetCostAndUsage requests).");
        }
    }

    /** A seed-determined share of calls, chosen by request number, answers throttling or a 5xx. */
    private void injectFault(long number, String throttleCode) {
        long hash = Mix.mix(options.seed() ^ FAULT_SALT, number);
        double draw = Mix.unit(hash);
        if (draw < options.throttleRate()) {
            throw new AwsError(400, throttleCode, "Rate exceeded (sandbox fault)");
        }
        if (draw < options.throttleRate() + options.errorRate()) {
            throw (Mix.mix(hash, 1) & 1) == 0
                    ? new AwsError(500, "InternalFailure", "The request processing has failed because of an unknown "
                            + "error, exception or failure (sandbox fault)")
                    : new AwsError(503, "ServiceUnavailable", "Service is unavailable, try again later (sandbox fault)");
        }
    }

    private void pause() {
        if (options.latencyMs() > 0) {
            try {
                Thread.sleep(options.latencyMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void count(String operation, String accountId) {
        String key = accountId == null ? operation : operation + "@" + accountId;
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private String requestId(long number) {
        return UUID.nameUUIDFromBytes((options.seed() + "/" + number).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private JsonNode parseJson(byte[] body) {
        if (body.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(body);
            if (node.isObject()) {
                return node;
            }
        } catch (JacksonException e) {
            // answered below like AWS answers unreadable bodies
        }
        throw new AwsError(400, "SerializationException", "The request body is not a JSON object");
    }

    private static Map<String, String> form(byte[] body) {
        Map<String, String> form = new HashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(name, value);
        }
        return form;
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body, String requestId)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (requestId != null) {
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String randomSecret(SecureRandom random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~";
        StringBuilder secret = new StringBuilder("sbx8Q~");
        for (int i = 0; i < 34; i++) {
            secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return secret.toString();
    }
}
