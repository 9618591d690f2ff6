package com.billingengine.batch;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@code billing.job.partitioning} as it binds (every spelling the binding accepts, e.g. {@code Remote}), not as its
 * raw text: the partitioning that is wired is always the one the job's settings name.
 */
abstract class PartitioningCondition implements Condition {

    private final Partitioning wanted;

    private PartitioningCondition(Partitioning wanted) {
        this.wanted = wanted;
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return Binder.get(context.getEnvironment()).bind("billing.job.partitioning", Partitioning.class)
                .orElse(Partitioning.LOCAL) == wanted;
    }

    static final class Local extends PartitioningCondition {
        Local() {
            super(Partitioning.LOCAL);
        }
    }

    static final class Remote extends PartitioningCondition {
        Remote() {
            super(Partitioning.REMOTE);
        }
    }
}
