package com.billingengine.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Remote partitioning speaks AMQP 0.9.1 through spring-rabbit; Spring Integration's AMQP 1.0 client (and RabbitMQ's
 * amqp-client 0.8 it brings) is excluded from the jar (pom.xml), and nothing of the engine needs it.
 */
class AmqpClientsTest {

    @Test
    void onlyTheAmqp091ClientShips() throws Exception {
        assertThat(Class.forName("com.rabbitmq.client.ConnectionFactory")).isNotNull();
        assertThat(Class.forName("org.springframework.amqp.rabbit.core.RabbitTemplate")).isNotNull();
        assertThatThrownBy(() -> Class.forName("com.rabbitmq.client.amqp.Environment"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
