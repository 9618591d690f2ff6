package com.billingengine.sandbox;

/**
 * A payer (management) account of the simulated estate, as an operator would register it.
 *
 * @param note what is special about the account: empty for healthy payers; for {@link AwsSandbox#problemPayers()}
 *             the failure the engine should meet
 */
public record SandboxPayer(String accountId, String customerId, String customerName, String currency, String roleArn,
        String note) {
}
