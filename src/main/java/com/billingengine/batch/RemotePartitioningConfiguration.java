package com.billingengine.batch;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpTemplate;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.integration.partition.BeanFactoryStepLocator;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.dsl.IntegrationFlow;

import com.billingengine.BillingProperties;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code billing.job.partitioning: remote}: Spring Batch remote partitioning over RabbitMQ. The manager step (in the
 * process that runs the job) creates the partitions' step executions in the shared job repository, sends one
 * {@link StepExecutionRequest} per partition to the queue and polls the repository until every partition has
 * finished; a worker process ({@code billing-engine worker}) takes requests one at a time per consumer thread and
 * runs the named worker step on that step execution. Requests are acknowledged only once the partition's step has
 * returned: a worker that dies mid-partition leaves its request to the broker, which hands it to another worker,
 * and that one continues from the partition's last committed cursor.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(PartitioningCondition.Remote.class)
@EnableIntegration
class RemotePartitioningConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RemotePartitioningConfiguration.class);

    /** How often a manager step reads the job repository for its partitions' status. */
    private static final long POLL_MILLIS = 250; // a few job-repository reads; a step ends at most this late
    /** Set by {@code billing-engine worker}: this process consumes partitions. */
    static final String WORKER_PROPERTY = "billing-engine.worker";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Durable: requests not yet taken survive a broker restart. */
    @Bean
    Queue partitionQueue(BillingProperties properties) {
        return new Queue(properties.job().queue(), true);
    }

    @Bean
    DirectChannel partitionRequests() {
        return new DirectChannel();
    }

    @Bean
    IntegrationFlow partitionRequestsToBroker(DirectChannel partitionRequests, AmqpTemplate amqpTemplate,
            BillingProperties properties) {
        return IntegrationFlow.from(partitionRequests)
                .transform(StepExecutionRequest.class, RemotePartitioningConfiguration::toJson)
                .handle(Amqp.outboundAdapter(amqpTemplate).routingKey(properties.job().queue()))
                .get();
    }

    /**
     * The manager steps: as RemotePartitioningManagerStepBuilder would build them (requests out, the job repository
     * polled), with a handler that gives up after billing.job.remote-timeout instead of waiting forever.
     */
    @Bean
    PartitionedSteps remotePartitionedSteps(JobRepository jobRepository, DirectChannel partitionRequests,
            BillingProperties properties) {
        return (name, worker, partitioner, listeners) -> {
            MessagingTemplate requests = new MessagingTemplate();
            requests.setDefaultChannel(partitionRequests);
            TimedPartitionHandler handler = new TimedPartitionHandler(jobRepository, properties.job().remoteTimeout(),
                    properties.job().queue());
            handler.setStepName(worker.getName());
            handler.setMessagingOperations(requests);
            handler.setPollInterval(POLL_MILLIS);
            try {
                handler.afterPropertiesSet();
            } catch (Exception e) {
                throw new IllegalStateException("manager step " + name, e);
            }
            return PartitionedSteps.withListeners(new StepBuilder(name, jobRepository), listeners)
                    .partitioner(worker.getName(), partitioner)
                    .splitter(FreshStartSplitter.of(jobRepository, worker, partitioner))
                    .partitionHandler(handler)
                    .build();
        };
    }

    /**
     * The worker side: one flow for every worker step, which it finds by name among this context's beans (the
     * worker steps are the local mode's, unchanged). Spring Batch's RemotePartitioningWorkerStepBuilder would
     * register one such flow per worker step it builds, in the manager too; this one exists only in workers.
     * One request at a time per consumer thread (prefetch 1), so an idle worker is never starved by a busy one.
     */
    @Bean
    @ConditionalOnProperty(name = WORKER_PROPERTY, havingValue = "true")
    IntegrationFlow partitionWorker(ConnectionFactory connectionFactory, JobRepository jobRepository,
            BeanFactory beanFactory, BillingProperties properties) {
        BeanFactoryStepLocator steps = new BeanFactoryStepLocator();
        steps.setBeanFactory(beanFactory);
        StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
        handler.setJobRepository(jobRepository);
        handler.setStepLocator(steps);
        return IntegrationFlow.from(Amqp.inboundAdapter(connectionFactory, properties.job().queue())
                        .configureContainer(container -> container
                                .concurrentConsumers(Math.max(1, properties.job().concurrency()))
                                .prefetchCount(1)
                                // a request this worker cannot run (unknown step execution) is dropped, not looped
                                .defaultRequeueRejected(false)))
                .transform(String.class, RemotePartitioningConfiguration::fromJson)
                .filter(StepExecutionRequest.class, request -> stillWanted(jobRepository, request))
                .handle(handler, "handle")
                .nullChannel();
    }

    /**
     * A request left in the queue by a run that has ended (its manager step timed out or failed) or for a partition
     * that has ended (delivered again after its worker finished it but died before the acknowledgement) is dropped:
     * running it would bill a payer beside the run that restarts it.
     */
    static boolean stillWanted(JobRepository jobRepository, StepExecutionRequest request) {
        StepExecution partition = jobRepository.getStepExecution(request.getStepExecutionId());
        if (partition == null) {
            return true; // the handler refuses it, naming the request
        }
        JobExecution job = jobRepository.getJobExecution(partition.getJobExecutionId());
        if (partition.getStatus().isRunning() && job != null && job.getStatus().isRunning()) {
            return true;
        }
        log.warn("dropping the request for {} (step execution {}): the partition is {}, its job execution {} is {}",
                request.getStepName(), request.getStepExecutionId(), partition.getStatus(),
                partition.getJobExecutionId(), job == null ? "gone" : job.getStatus());
        return false;
    }

    /** Plain JSON on the wire, not Java serialization: nothing but a step name and an id is ever deserialized. */
    static String toJson(StepExecutionRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stepName", request.getStepName());
        body.put("stepExecutionId", request.getStepExecutionId());
        return JSON.writeValueAsString(body);
    }

    static StepExecutionRequest fromJson(String text) {
        JsonNode body = JSON.readTree(text);
        return new StepExecutionRequest(body.path("stepName").asString(), body.path("stepExecutionId").asLong());
    }
}
