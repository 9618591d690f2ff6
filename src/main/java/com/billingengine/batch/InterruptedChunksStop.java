package com.billingengine.batch;

import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.StepInterruptionPolicy;
import org.springframework.batch.core.step.ThreadStepInterruptionPolicy;
import org.springframework.batch.core.step.item.ChunkOrientedStep;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Batch 6.0's ChunkOrientedStep ends its chunk loop when its thread is interrupted and then reports the step
 * COMPLETED, with the items not yet read silently missing (only a stop request through the StepExecution makes it
 * STOPPED). A bill must never go out short: this policy turns the thread's interrupt into that stop request, so the
 * step ends STOPPED and `restart` continues it from its last commit.
 */
@Configuration(proxyBeanMethods = false)
class InterruptedChunksStop {

    static final StepInterruptionPolicy STOP_WHEN_INTERRUPTED = new StepInterruptionPolicy() {
        private final ThreadStepInterruptionPolicy thread = new ThreadStepInterruptionPolicy();

        @Override
        public void checkInterrupted(StepExecution stepExecution) throws JobInterruptedException {
            try {
                thread.checkInterrupted(stepExecution);
            } catch (JobInterruptedException e) {
                stepExecution.setTerminateOnly();
                throw e;
            }
        }
    };

    @Bean
    static BeanPostProcessor stopInterruptedChunkSteps() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof ChunkOrientedStep<?, ?> step) {
                    step.setInterruptionPolicy(STOP_WHEN_INTERRUPTED);
                }
                return bean;
            }
        };
    }
}
