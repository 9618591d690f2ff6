package com.billingengine.sandbox;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Organizations ListAccounts and DescribeAccount over JSON 1.1. Only a management account may call: a member account
 * gets AccessDeniedException, an account outside any organisation AWSOrganizationsNotInUseException.
 */
final class OrganizationsApi {

    /** Used when the request names no MaxResults. */
    static final int DEFAULT_MAX_RESULTS = 20;

    private final Scenario scenario;
    private final PageTokens tokens;
    private final ObjectMapper json;

    OrganizationsApi(Scenario scenario, PageTokens tokens, ObjectMapper json) {
        this.scenario = scenario;
        this.tokens = tokens;
        this.json = json;
    }

    /**
     * Pages through the organisation in a stable order. An organisation of more than 20 accounts answers ONE empty
     * page, still carrying a NextToken, right after the first page: clients must follow tokens, not page sizes.
     */
    ObjectNode listAccounts(String callerId, JsonNode request) {
        Scenario.Org org = managedOrg(callerId);
        int maxResults = DEFAULT_MAX_RESULTS;
        JsonNode max = request.path("MaxResults");
        if (!max.isMissingNode() && !max.isNull()) {
            if (!max.isIntegralNumber() || max.asInt() < 1 || max.asInt() > 20) {
                throw new AwsError(400, "InvalidInputException", "You provided a value that does not match the "
                        + "required pattern or range: MaxResults must be between 1 and 20, was " + max);
            }
            maxResults = max.asInt();
        }
        int offset = 0;
        boolean emptyPageServed = false;
        String nextToken = request.path("NextToken").asString(null);
        if (nextToken != null) {
            String[] state = openToken(nextToken, org);
            offset = Integer.parseInt(state[1]);
            emptyPageServed = Boolean.parseBoolean(state[2]);
        }
        List<Scenario.Account> accounts = org.accounts();
        ObjectNode response = json.createObjectNode();
        var list = response.putArray("Accounts");
        if (accounts.size() > 20 && offset > 0 && !emptyPageServed) {
            response.put("NextToken", token(org, offset, true));
            return response;
        }
        int end = Math.min(accounts.size(), offset + maxResults);
        for (Scenario.Account account : accounts.subList(Math.min(offset, end), end)) {
            write(list.addObject(), account);
        }
        if (end < accounts.size()) {
            response.put("NextToken", token(org, end, emptyPageServed));
        }
        return response;
    }

    ObjectNode describeAccount(String callerId, JsonNode request) {
        Scenario.Org org = managedOrg(callerId);
        String accountId = request.path("AccountId").asString("");
        if (!accountId.matches("\\d{12}")) {
            throw new AwsError(400, "InvalidInputException",
                    "You provided a value that does not match the required pattern: AccountId must be 12 digits");
        }
        Scenario.Account account = scenario.account(accountId);
        if (account == null || account.org() != org || scenario.departed(accountId)) {
            throw new AwsError(400, "AccountNotFoundException",
                    "You specified an account that doesn't exist: " + accountId);
        }
        ObjectNode response = json.createObjectNode();
        write(response.putObject("Account"), account);
        return response;
    }

    private Scenario.Org managedOrg(String callerId) {
        Scenario.Account caller = scenario.account(callerId);
        if (caller == null || !caller.org().organizationsEnabled()) {
            throw new AwsError(400, "AWSOrganizationsNotInUseException",
                    "Your account is not a member of an organization.");
        }
        if (!caller.management()) {
            throw new AwsError(400, "AccessDeniedException", "You don't have permissions to access this resource.");
        }
        return caller.org();
    }

    private void write(ObjectNode node, Scenario.Account account) {
        node.put("Id", account.id())
                .put("Arn", account.org().accountArn(account.id()))
                .put("Email", account.email())
                .put("Name", account.name())
                .put("Status", account.status())
                .put("State", account.state())
                .put("JoinedMethod", account.joinedMethod())
                .put("JoinedTimestamp", account.joined().getEpochSecond());
    }

    private String token(Scenario.Org org, int offset, boolean emptyPageServed) {
        return tokens.seal("org|" + org.orgId() + "|" + offset + "|" + emptyPageServed);
    }

    private String[] openToken(String token, Scenario.Org org) {
        String payload = tokens.open(token);
        String[] state = payload == null ? new String[0] : payload.split("\\|");
        if (state.length != 4 || !state[0].equals("org") || !state[1].equals(org.orgId())) {
            throw new AwsError(400, "InvalidInputException", "You specified an invalid value for nextToken. You must "
                    + "get the value from the NextToken response in a previous call to the API.");
        }
        return new String[] {state[1], state[2], state[3]};
    }
}
