package com.billingengine.batch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** One partition per payer of the run, named after the payer, so per-payer work can run in parallel or elsewhere. */
public final class RunPayerPartitioner implements Partitioner {

    public static final String PAYER_ACCOUNT_ID = "payerAccountId";
    public static final String ROLE_ARN = "roleArn";

    /** What a partition needs to know about its payer. */
    public record PartitionPayer(String payerAccountId, String roleArn) {
    }

    private final List<PartitionPayer> payers;

    public RunPayerPartitioner(List<PartitionPayer> payers) {
        this.payers = payers;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (PartitionPayer payer : payers) {
            ExecutionContext context = new ExecutionContext();
            context.putString(PAYER_ACCOUNT_ID, payer.payerAccountId());
            context.putString(ROLE_ARN, payer.roleArn());
            partitions.put("payer-" + payer.payerAccountId(), context);
        }
        return partitions;
    }
}
