package com.billingengine.sandbox;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated estate, derived from the seed alone: organisations, their accounts, the roles our engine may assume,
 * and the cost cells (account x service x record type) whose daily amounts {@link CostModel} draws.
 */
final class Scenario {

    static final String ROLE_NAME = "SWOOpenIDCAssumeBillingOnlyRole";

    record Account(String id, String name, String email, String status, String state, String joinedMethod,
            Instant joined, Org org) {
        boolean management() {
            return org.managementId().equals(id);
        }
    }

    /**
     * An organisation; {@code organizationsEnabled=false} models a standalone account outside any organisation.
     * A class, not a record: its accounts point back at it, and record equality would recurse.
     */
    static final class Org {
        private final String managementId;
        private final String orgId;
        private final boolean organizationsEnabled;
        private final List<Services.Service> services;
        private final List<Account> accounts = new ArrayList<>();
        private final List<Account> departed = new ArrayList<>();

        Org(String managementId, String orgId, boolean organizationsEnabled, List<Services.Service> services) {
            this.managementId = managementId;
            this.orgId = orgId;
            this.organizationsEnabled = organizationsEnabled;
            this.services = services;
        }

        String managementId() {
            return managementId;
        }

        String orgId() {
            return orgId;
        }

        boolean organizationsEnabled() {
            return organizationsEnabled;
        }

        List<Services.Service> services() {
            return services;
        }

        List<Account> accounts() {
            return accounts;
        }

        /** Accounts that left the organisation: no longer listed, yet charged for the days before they left. */
        List<Account> departed() {
            return departed;
        }

        String accountArn(String accountId) {
            return "arn:aws:organizations::" + managementId + ":account/" + orgId + "/" + accountId;
        }

        @Override
        public String toString() {
            return orgId;
        }
    }

    /** One cost series: its daily amounts are drawn from {@code key}; {@code scale} sets their size. */
    record Cell(Account account, Services.Service service, RecordType recordType, long key, BigDecimal scale) {
    }

    /** A role whose trust admits web identity tokens with this audience and subject. */
    record Role(String accountId, String audience, String subject) {
    }

    private static final List<String> CUSTOMERS = List.of("Contoso GmbH", "Fabrikam, Inc.", "Tanaka Shoji K.K.",
            "Northwind Traders Ltd", "Adventure Works SA", "Wide World Importers BV", "Tailspin Toys AB",
            "Proseware Oy", "Litware S.p.A.", "Woodgrove Bank plc");
    private static final List<String> CURRENCIES = List.of("USD", "EUR", "JPY", "GBP", "CHF", "SEK");
    /** Names that break naive CSV, XML, spreadsheet and charset handling. */
    private static final List<String> HOSTILE_NAMES = List.of("Acme, Inc. \"Prod\"", "Line one\nLine two",
            "=HYPERLINK(\"http://evil.example\",\"x\")", "+49 Sales", "-Legacy", "@ops", "R&D <Lab> & 'QA'",
            "本番環境アカウント", "Бухгалтерия", "الحسابات", "Ünïcödé Café – Zürich");
    private static final List<String> PLAIN_NAMES = List.of("prod-web", "staging", "data-lake", "security-audit",
            "log-archive", "dev-sandbox", "ml-training", "shared-services", "network-hub", "backup-vault", "analytics",
            "payments-prod", "qa", "edge-cdn", "identity");

    private final long seed;
    private final SandboxTrust trust;
    private final List<SandboxPayer> payers = new ArrayList<>();
    private final List<SandboxPayer> problemPayers = new ArrayList<>();
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final Map<String, List<Cell>> cellsByAccount = new ConcurrentHashMap<>();
    private final Set<String> departedIds = new HashSet<>();
    /** With late credits: the organisations (by management account) whose month changed, and how. */
    private final Map<String, LateCredits> lateCredits = new ConcurrentHashMap<>();
    private final Set<String> lateOrgs = new HashSet<>();

    Scenario(SandboxOptions options) {
        this.seed = options.seed();
        SplittableRandom random = new SplittableRandom(seed);
        String tenantId = uuid(random);
        String clientId = uuid(random);
        this.trust = new SandboxTrust(tenantId, clientId, "https://sts.windows.net/" + tenantId + "/",
                "api://" + clientId, uuid(random));
        Set<String> usedIds = new HashSet<>();

        List<Account> members = new ArrayList<>();
        for (int p = 0; p < options.payers(); p++) {
            String customer = CUSTOMERS.get(p % CUSTOMERS.size()) + (p < CUSTOMERS.size() ? "" : " " + (p + 1));
            Org org = buildOrg(random, usedIds, p, customer, options.accountsPerPayer(), options.servicesPerPayer(),
                    true);
            members.addAll(org.accounts().subList(1, org.accounts().size()));
            roles.put(org.managementId(), new Role(org.managementId(), trust.audience(), trust.subject()));
            payers.add(payer(org.managementId(), "C-" + (1001 + p), customer, CURRENCIES.get(p % CURRENCIES.size()),
                    ""));
        }
        payers.sort(Comparator.comparing(SandboxPayer::accountId));
        if (options.lateCredits()) {
            // every other payer, so a scenario shows changed and unchanged payers side by side
            for (int p = 0; p < payers.size(); p += 2) {
                lateOrgs.add(payers.get(p).accountId());
            }
        }

        Account member = members.remove(0);
        replace(new Account(member.id(), "member with billing role", member.email(), member.status(), member.state(),
                member.joinedMethod(), member.joined(), member.org()));
        roles.put(member.id(), new Role(member.id(), trust.audience(), trust.subject()));
        nameAccounts(members);
        if (options.variations().accountLeaves()) {
            payers.forEach(p -> leave(accounts.get(p.accountId()).org()));
        }

        Org wrongAud = buildOrg(random, usedIds, options.payers(), "Wrong Audience Ltd", options.accountsPerPayer(),
                options.servicesPerPayer(), true);
        String otherAudience = "api://" + uuid(random);
        roles.put(wrongAud.managementId(), new Role(wrongAud.managementId(), otherAudience, trust.subject()));
        Org standalone = buildOrg(random, usedIds, options.payers() + 1, "Standalone Account Ltd", 1,
                options.servicesPerPayer(), false);
        roles.put(standalone.managementId(), new Role(standalone.managementId(), trust.audience(), trust.subject()));
        problemPayers.add(payer(wrongAud.managementId(), "C-9001", "Wrong Audience Ltd", "USD",
                "management account whose role trust expects aud " + otherAudience
                        + ": AssumeRoleWithWebIdentity answers 403 AccessDenied"));
        problemPayers.add(payer(member.id(), "C-9002", "Member Account Ltd", "EUR",
                "member (not management) account of organisation " + member.org().orgId() + " of payer "
                        + member.org().managementId() + ": Organizations calls answer AccessDeniedException;"
                        + " Cost Explorer shows only this account"));
        problemPayers.add(payer(standalone.managementId(), "C-9003", "Standalone Account Ltd", "USD",
                "account outside any organisation: Organizations calls answer AWSOrganizationsNotInUseException;"
                        + " Cost Explorer shows only this account"));
    }

    SandboxTrust trust() {
        return trust;
    }

    List<SandboxPayer> payers() {
        return List.copyOf(payers);
    }

    List<SandboxPayer> problemPayers() {
        return List.copyOf(problemPayers);
    }

    Account account(String id) {
        return accounts.get(id);
    }

    Role role(String accountId, String roleName) {
        return ROLE_NAME.equals(roleName) ? roles.get(accountId) : null;
    }

    /** What Cost Explorer shows a caller: a management account sees its organisation, any other account itself. */
    List<Account> visibleAccounts(String callerId) {
        Account caller = accounts.get(callerId);
        if (caller == null) {
            return List.of();
        }
        if (!caller.management()) {
            return List.of(caller);
        }
        List<Account> visible = new ArrayList<>(caller.org().accounts());
        visible.addAll(caller.org().departed());
        return visible;
    }

    /** Accounts that left their organisation, id to name, ordered by id. */
    Map<String, String> departedAccounts() {
        Map<String, String> departed = new TreeMap<>();
        departedIds.forEach(id -> departed.put(id, accounts.get(id).name()));
        return departed;
    }

    boolean departed(String accountId) {
        return departedIds.contains(accountId);
    }

    /** Whether the cell charges on that day: its record type's days, and only before its account left. */
    boolean chargedOn(Cell cell, LocalDate day) {
        return cell.recordType().chargedOn(day) && (!departedIds.contains(cell.account().id())
                || day.getDayOfMonth() <= SandboxOptions.Variations.LAST_DAY_BEFORE_LEAVING);
    }

    List<Cell> cells(Account account) {
        return cellsByAccount.computeIfAbsent(account.id(), id -> buildCells(account));
    }

    /**
     * What arrived after the month was first billed, in an organisation hit by late credits (all accounts and
     * services hash-chosen from the seed; null where the organisation has no candidate): a second credit on an
     * account and service that already had one (its line changes), a credit on an account and service that had
     * none (a new line), and a refund withdrawn (its line vanishes).
     */
    record LateCredits(Cell extraCredit, Cell newCredit, Cell withdrawnRefund) {
    }

    LateCredits lateCredits(Org org) {
        return lateOrgs.contains(org.managementId())
                ? lateCredits.computeIfAbsent(org.managementId(), id -> planLateCredits(org)) : null;
    }

    private List<Cell> buildCells(Account account) {
        List<Cell> cells = baseCells(account);
        LateCredits late = lateCredits(account.org());
        if (late == null) {
            return cells;
        }
        List<Cell> changed = new ArrayList<>(cells);
        for (Cell extra : Arrays.asList(late.extraCredit(), late.newCredit())) {
            if (extra != null && extra.account().id().equals(account.id())) {
                changed.add(extra);
            }
        }
        changed.remove(late.withdrawnRefund());
        return List.copyOf(changed);
    }

    private LateCredits planLateCredits(Org org) {
        long h = Mix.mix(seed, "late-credits|" + org.orgId());
        List<Account> accounts = org.accounts();
        int start = Mix.below(h, accounts.size());
        Cell credited = null;
        Cell uncredited = null;
        Cell refund = null;
        for (int i = 0; i < accounts.size(); i++) {
            Account account = accounts.get((start + i) % accounts.size());
            for (Cell cell : baseCells(account)) {
                if (credited == null && cell.recordType() == RecordType.CREDIT) {
                    credited = cell;
                } else if (refund == null && cell.recordType() == RecordType.REFUND) {
                    refund = cell;
                } else if (uncredited == null && cell.recordType() == RecordType.USAGE
                        && !cell.service().recordTypes().contains(RecordType.CREDIT)) {
                    uncredited = cell;
                }
            }
        }
        return new LateCredits(credited == null ? null : lateCredit(credited), uncredited == null ? null
                : lateCredit(uncredited), refund);
    }

    /** A credit on the cell's account and service, drawn from its own key. */
    private static Cell lateCredit(Cell on) {
        long key = Mix.mix(on.key(), "late-credit");
        return new Cell(on.account(), on.service(), RecordType.CREDIT, key, RecordType.CREDIT.scale(Mix.mix(key, 1)));
    }

    private List<Cell> baseCells(Account account) {
        List<Cell> cells = new ArrayList<>();
        long accountHash = Mix.mix(seed, account.id());
        for (Services.Service service : account.org().services()) {
            long serviceHash = Mix.mix(accountHash, service.name());
            boolean billed = switch (service.payer()) {
                case EVERY_ACCOUNT -> true;
                case MANAGEMENT_ONLY -> account.management();
                case SOME_ACCOUNTS -> account.management() || Mix.below(serviceHash, 100) < 70;
            };
            if (!billed) {
                continue;
            }
            for (RecordType type : service.recordTypes()) {
                long key = Mix.mix(serviceHash, type.salt());
                if (Services.OPTIONAL.contains(type) && Mix.below(Mix.mix(key, 3), 100) >= 50) {
                    continue;
                }
                cells.add(new Cell(account, service, type, key, type.scale(Mix.mix(key, 1))));
            }
        }
        return List.copyOf(cells);
    }

    private Org buildOrg(SplittableRandom random, Set<String> usedIds, int index, String customer, int size,
            int serviceCount, boolean organizationsEnabled) {
        String managementId = accountId(random, usedIds);
        StringBuilder orgId = new StringBuilder("o-");
        for (int i = 0; i < 10; i++) {
            orgId.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
        }
        Org org = new Org(managementId, orgId.toString(), organizationsEnabled,
                Services.forPayer(serviceCount, Mix.mix(seed, managementId)));
        long start = Instant.parse("2016-01-01T00:00:00Z").getEpochSecond();
        Instant founded = Instant.ofEpochSecond(start + random.nextLong(4L * 365 * 86400));
        String domain = "c-" + (1001 + index) + ".example.com";
        add(org, new Account(managementId, customer + " (management)", "aws-root@" + domain, "ACTIVE", "ACTIVE",
                "INVITED", founded, org));
        for (int i = 1; i < size; i++) {
            String id = accountId(random, usedIds);
            Instant joined = founded.plusSeconds(random.nextLong(5L * 365 * 86400));
            add(org, new Account(id, "account " + id, "aws+" + id + "@" + domain, "ACTIVE", "ACTIVE",
                    random.nextInt(5) == 0 ? "INVITED" : "CREATED", joined, org));
        }
        return org;
    }

    /** Hostile names first, then plain ones; the last two members are suspended and closed. */
    private void nameAccounts(List<Account> members) {
        for (int i = 0; i < members.size(); i++) {
            Account a = members.get(i);
            String name = i < HOSTILE_NAMES.size() ? HOSTILE_NAMES.get(i)
                    : PLAIN_NAMES.get(i % PLAIN_NAMES.size()) + "-" + (i + 1);
            String status = "ACTIVE";
            String state = "ACTIVE";
            if (i == members.size() - 1) {
                status = "SUSPENDED";
                state = "SUSPENDED";
            } else if (i == members.size() - 2) {
                status = "SUSPENDED";
                state = "CLOSED";
            }
            replace(new Account(a.id(), name, a.email(), status, state, a.joinedMethod(), a.joined(), a.org()));
        }
    }

    /** The organisation's last active member without a role of ours leaves it (left mid-month, for every month). */
    private void leave(Org org) {
        for (int i = org.accounts().size() - 1; i > 0; i--) {
            Account account = org.accounts().get(i);
            if ("ACTIVE".equals(account.state()) && !roles.containsKey(account.id())) {
                org.accounts().remove(i);
                org.departed().add(account);
                departedIds.add(account.id());
                return;
            }
        }
    }

    private void add(Org org, Account account) {
        org.accounts().add(account);
        accounts.put(account.id(), account);
    }

    private void replace(Account account) {
        List<Account> list = account.org().accounts();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(account.id())) {
                list.set(i, account);
            }
        }
        accounts.put(account.id(), account);
    }

    private static SandboxPayer payer(String accountId, String customerId, String name, String currency, String note) {
        return new SandboxPayer(accountId, customerId, name, currency,
                "arn:aws:iam::" + accountId + ":role/" + ROLE_NAME, note);
    }

    private static String accountId(SplittableRandom random, Set<String> used) {
        while (true) {
            String id = Long.toString(100_000_000_000L + random.nextLong(900_000_000_000L));
            if (used.add(id)) {
                return id;
            }
        }
    }

    private static String uuid(SplittableRandom random) {
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }
}
