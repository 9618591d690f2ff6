package com.billingengine.identity;

import java.util.Map;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * An AWS call made for a payer failed: the message names the payer, the call, AWS's error code and what the
 * operator or the customer should check.
 */
public class AwsCallException extends RuntimeException {

    private static final Map<String, String> ADVICE = Map.of(
            "AccessDenied", "check that the customer's stack is deployed and the role's trust policy admits our token",
            "AccessDeniedException", "check that SWOOpenIDCAssumeBillingOnlyPolicy is attached to the billing role",
            "AWSOrganizationsNotInUseException", "the account is not the management account of an organisation: "
                    + "register the payer (management) account, not a member account",
            "InvalidIdentityToken", "the role's OIDC provider does not accept our token: check the provider URL and"
                    + " audience (SelectedEnvironment) of the customer's stack",
            "ExpiredTokenException", "the token or session expired: check the clock of this machine and retry",
            "IDPRejectedClaim", "the identity provider rejected a claim: redeploy the stack with SelectedEnvironment=Prod",
            "ServiceUnavailable", "AWS is unavailable for this payer right now: restart the run later",
            "LimitExceededException", "Cost Explorer throttled us beyond the retries: lower billing.job.concurrency"
                    + " and restart");

    public AwsCallException(String payerAccountId, String call, SdkException cause) {
        super(describe(payerAccountId, call, cause), cause);
    }

    static String describe(String payerAccountId, String call, SdkException cause) {
        if (cause instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode();
            String advice = ADVICE.get(code);
            return "payer " + payerAccountId + ": " + call + " failed with " + code + " (HTTP " + aws.statusCode()
                    + "): " + aws.awsErrorDetails().errorMessage() + (advice == null ? "" : "; " + advice);
        }
        return "payer " + payerAccountId + ": " + call + " failed: " + cause.getMessage();
    }
}
