/**
 * The built-in AWS simulator. {@link com.billingengine.sandbox.AwsSandbox#start} serves STS (query protocol),
 * Organizations and Cost Explorer (JSON 1.1) and an Entra ID-like token endpoint on one local URL; the rest of the
 * engine reaches it only through that URL, as it would reach moto or AWS. The estate (payers, accounts, names,
 * services, daily amounts) follows from {@link com.billingengine.sandbox.SandboxOptions#seed()} alone, and
 * {@link com.billingengine.sandbox.AwsSandbox#monthTotal} gives test oracles for the amounts.
 */
package com.billingengine.sandbox;
