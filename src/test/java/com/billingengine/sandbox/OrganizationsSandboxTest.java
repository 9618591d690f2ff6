package com.billingengine.sandbox;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AccountNotFoundException;
import software.amazon.awssdk.services.organizations.model.AccountState;
import software.amazon.awssdk.services.organizations.model.AwsOrganizationsNotInUseException;
import software.amazon.awssdk.services.organizations.model.InvalidInputException;
import software.amazon.awssdk.services.organizations.model.ListAccountsResponse;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OrganizationsSandboxTest {

    private final AwsSandbox sandbox = AwsSandbox.start(SandboxOptions.defaults().withSize(2, 45, 5));
    private final SdkClients clients = new SdkClients(sandbox);

    @AfterEach
    void stop() throws Exception {
        clients.close();
        sandbox.close();
    }

    @Test
    void pagingWithMaxResults20PassesTheEmptyPageAndYieldsEveryAccount() {
        SandboxPayer payer = sandbox.payers().get(0);
        OrganizationsClient organizations = clients.organizations(clients.assume(payer.accountId()));
        List<Account> accounts = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            String current = token;
            ListAccountsResponse page = organizations.listAccounts(r -> r.maxResults(20).nextToken(current));
            accounts.addAll(page.accounts());
            pageSizes.add(page.accounts().size());
            token = page.nextToken();
        } while (token != null);

        assertThat(pageSizes).containsExactly(20, 0, 20, 5);
        assertThat(accounts).hasSize(45).extracting(Account::id).doesNotHaveDuplicates()
                .contains(payer.accountId()).allMatch(id -> id.matches("\\d{12}"));
        assertThat(accounts).allSatisfy(account -> {
            assertThat(account.arn()).matches("arn:aws:organizations::" + payer.accountId()
                    + ":account/o-[a-z0-9]{10}/" + account.id());
            assertThat(account.email()).contains("@");
            assertThat(account.joinedTimestamp()).isNotNull();
            assertThat(account.joinedMethodAsString()).isIn("CREATED", "INVITED");
        });
        assertThat(sandbox.requestCount("ListAccounts", payer.accountId())).isEqualTo(4);

        List<Account> viaPaginator = organizations.listAccountsPaginator(r -> r.maxResults(7)).stream()
                .flatMap(page -> page.accounts().stream()).toList();
        assertThat(viaPaginator).isEqualTo(accounts);
    }

    @Test
    void hostileNamesAndSuspendedAndClosedAccountsComeThroughIntact() {
        List<Account> all = new ArrayList<>();
        try (AwsSandbox demo = AwsSandbox.start(SandboxOptions.defaults()); SdkClients demoClients = new SdkClients(demo)) {
            for (SandboxPayer payer : demo.payers()) {
                demoClients.organizations(demoClients.assume(payer.accountId())).listAccountsPaginator()
                        .forEach(page -> all.addAll(page.accounts()));
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(all).hasSize(36).extracting(Account::name).contains("Acme, Inc. \"Prod\"", "Line one\nLine two",
                "+49 Sales", "-Legacy", "@ops", "R&D <Lab> & 'QA'", "本番環境アカウント", "Бухгалтерия", "الحسابات")
                .anyMatch(name -> name.startsWith("="));
        assertThat(all).extracting(Account::state).contains(AccountState.SUSPENDED, AccountState.CLOSED);
    }

    @Test
    void maxResultsAbove20AndForeignTokensAreInvalidInput() {
        OrganizationsClient organizations = clients.organizations(clients.assume(sandbox.payers().get(0).accountId()));
        assertThrows(InvalidInputException.class, () -> organizations.listAccounts(r -> r.maxResults(21)));
        assertThrows(InvalidInputException.class, () -> organizations.listAccounts(r -> r.nextToken("garbage")));

        String otherOrgToken = clients.organizations(clients.assume(sandbox.payers().get(1).accountId()))
                .listAccounts().nextToken();
        assertThrows(InvalidInputException.class, () -> organizations.listAccounts(r -> r.nextToken(otherOrgToken)));
    }

    @Test
    void describeAccountFindsOnlyAccountsOfTheOrganisation() {
        SandboxPayer payer = sandbox.payers().get(0);
        OrganizationsClient organizations = clients.organizations(clients.assume(payer.accountId()));
        Account self = organizations.describeAccount(r -> r.accountId(payer.accountId())).account();
        assertThat(self.id()).isEqualTo(payer.accountId());
        assertThat(self.name()).isEqualTo(payer.customerName() + " (management)");

        String foreign = sandbox.payers().get(1).accountId();
        assertThrows(AccountNotFoundException.class, () -> organizations.describeAccount(r -> r.accountId(foreign)));
    }

    @Test
    void onlyTheManagementAccountMayCall() {
        SandboxPayer member = sandbox.problemPayers().get(1);
        SandboxPayer standalone = sandbox.problemPayers().get(2);
        AwsSessionCredentials memberCredentials = clients.assume(member.accountId());
        AwsSessionCredentials standaloneCredentials = clients.assume(standalone.accountId());

        assertThrows(AccessDeniedException.class, () -> clients.organizations(memberCredentials).listAccounts());
        assertThrows(AwsOrganizationsNotInUseException.class,
                () -> clients.organizations(standaloneCredentials).listAccounts());
    }

    @Test
    void failingAccountAndThrottlingFaultsSurfaceAsServiceErrors() {
        String payer = sandbox.payers().get(0).accountId();
        try (AwsSandbox failing = AwsSandbox.start(sandbox.options().withFaults("fail=" + payer));
                SdkClients failingClients = new SdkClients(failing)) {
            OrganizationsException unavailable = assertThrows(OrganizationsException.class,
                    () -> failingClients.organizations(failingClients.assume(payer)).listAccounts());
            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(unavailable.awsErrorDetails().errorMessage()).contains(payer);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
