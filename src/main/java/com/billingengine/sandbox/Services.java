package com.billingengine.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.billingengine.sandbox.RecordType.CREDIT;
import static com.billingengine.sandbox.RecordType.DISCOUNTED_USAGE;
import static com.billingengine.sandbox.RecordType.FEE;
import static com.billingengine.sandbox.RecordType.REFUND;
import static com.billingengine.sandbox.RecordType.RI_FEE;
import static com.billingengine.sandbox.RecordType.SAVINGS_PLAN_COVERED_USAGE;
import static com.billingengine.sandbox.RecordType.SAVINGS_PLAN_NEGATION;
import static com.billingengine.sandbox.RecordType.SAVINGS_PLAN_RECURRING_FEE;
import static com.billingengine.sandbox.RecordType.SUPPORT;
import static com.billingengine.sandbox.RecordType.TAX;
import static com.billingengine.sandbox.RecordType.USAGE;

/** Real Cost Explorer SERVICE dimension values and the record types each one bills. */
final class Services {

    /** Who carries a service's charges. */
    enum Payer { EVERY_ACCOUNT, MANAGEMENT_ONLY, SOME_ACCOUNTS }

    /**
     * @param recordTypes the usage-like types first; optional types appear on a hash-chosen subset of accounts
     * @param hours       usage measured in hours (UsageQuantity unit {@code Hrs})
     */
    record Service(String name, Payer payer, List<RecordType> recordTypes, boolean hours) {
    }

    /** Every payer bills these first, so even small scenarios see every record type. */
    private static final List<Service> CORE = List.of(
            new Service("Amazon Elastic Compute Cloud - Compute", Payer.EVERY_ACCOUNT, List.of(USAGE, DISCOUNTED_USAGE,
                    SAVINGS_PLAN_COVERED_USAGE, SAVINGS_PLAN_NEGATION, RI_FEE, CREDIT), true),
            new Service("Tax", Payer.EVERY_ACCOUNT, List.of(TAX), false),
            new Service("Amazon Simple Storage Service", Payer.EVERY_ACCOUNT, List.of(USAGE, REFUND), false),
            new Service("AWS Support (Business)", Payer.MANAGEMENT_ONLY, List.of(SUPPORT), false),
            new Service("Savings Plans for AWS Compute usage", Payer.MANAGEMENT_ONLY,
                    List.of(SAVINGS_PLAN_RECURRING_FEE), false),
            new Service("AWS Lambda", Payer.SOME_ACCOUNTS,
                    List.of(USAGE, SAVINGS_PLAN_COVERED_USAGE, SAVINGS_PLAN_NEGATION), false),
            new Service("Amazon Relational Database Service", Payer.SOME_ACCOUNTS,
                    List.of(USAGE, DISCOUNTED_USAGE, RI_FEE), true),
            new Service("AmazonCloudWatch", Payer.SOME_ACCOUNTS, List.of(USAGE), false),
            new Service("Amazon Registrar", Payer.MANAGEMENT_ONLY, List.of(FEE), false));

    private static final List<String> PLAIN = List.of(
            "EC2 - Other", "Amazon Virtual Private Cloud", "Amazon DynamoDB", "AWS Key Management Service",
            "Amazon Route 53", "Amazon Simple Notification Service", "Amazon Elastic Load Balancing", "Amazon CloudFront",
            "AWS Config", "AWS CloudTrail", "Amazon Simple Queue Service", "Amazon Elastic Container Service",
            "Amazon Elastic Container Service for Kubernetes", "Amazon EC2 Container Registry (ECR)", "Amazon ElastiCache",
            "Amazon OpenSearch Service", "Amazon Redshift", "AWS Glue", "Amazon Athena", "Amazon Kinesis",
            "Amazon API Gateway", "AWS Secrets Manager", "AWS Backup", "Amazon Elastic File System", "AWS WAF",
            "Amazon GuardDuty", "AWS Security Hub", "AWS Systems Manager", "Amazon SageMaker", "AWS Step Functions",
            "Amazon Simple Email Service", "AWS Direct Connect", "AWS Transfer Family", "Amazon Cognito", "AWS X-Ray",
            "Amazon Managed Streaming for Apache Kafka", "AWS Database Migration Service", "Amazon QuickSight",
            "AWS Global Accelerator", "Amazon EventBridge", "AWS Amplify", "Amazon Bedrock", "AWS CodeBuild",
            "Amazon WorkSpaces", "Amazon Lightsail", "Amazon Inspector", "AWS Shield", "Amazon Macie", "Amazon Textract",
            "AWS Elemental MediaConvert", "Amazon Connect");

    /** Record types that only some accounts of a service carry. */
    static final Set<RecordType> OPTIONAL = Set.of(DISCOUNTED_USAGE, RI_FEE, SAVINGS_PLAN_COVERED_USAGE,
            SAVINGS_PLAN_NEGATION, CREDIT, REFUND);

    private Services() {
    }

    static int count() {
        return CORE.size() + PLAIN.size();
    }

    /** The core services first, then the payer's own hash-ordered pick of the plain ones. */
    static List<Service> forPayer(int count, long payerHash) {
        List<Service> services = new ArrayList<>(CORE.subList(0, Math.min(count, CORE.size())));
        List<String> plain = new ArrayList<>(PLAIN);
        long h = payerHash;
        for (int i = plain.size() - 1; i > 0; i--) {
            h = Mix.mix(h, i);
            int j = (int) Long.remainderUnsigned(h, i + 1);
            plain.set(j, plain.set(i, plain.get(j)));
        }
        for (int i = 0; services.size() < count; i++) {
            services.add(new Service(plain.get(i), Payer.SOME_ACCOUNTS, List.of(USAGE), false));
        }
        return services;
    }
}
