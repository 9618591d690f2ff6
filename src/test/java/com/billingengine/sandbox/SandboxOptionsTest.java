package com.billingengine.sandbox;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxOptionsTest {

    @Test
    void defaultsAreTheSmallDemoScenario() {
        SandboxOptions options = SandboxOptions.defaults();
        assertThat(options.payers()).isEqualTo(3);
        assertThat(options.accountsPerPayer()).isEqualTo(12);
        assertThat(options.servicesPerPayer()).isEqualTo(15);
        assertThat(options.seed()).isEqualTo(42);
        assertThat(options.throttleRate()).isZero();
        assertThat(options.errorRate()).isZero();
        assertThat(options.failingAccounts()).isEmpty();
        assertThat(options.credentialLifetime()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void parsesRatesAndRepeatedOrListedFailingAccounts() {
        SandboxOptions options = SandboxOptions.defaults()
                .withFaults("throttle=0.2, error=0.05,fail=123456789012;210987654321,fail=111111111111");
        assertThat(options.throttleRate()).isEqualTo(0.2);
        assertThat(options.errorRate()).isEqualTo(0.05);
        assertThat(options.failingAccounts()).isEqualTo(Set.of("123456789012", "210987654321", "111111111111"));
        assertThat(SandboxOptions.defaults().withFaults("")).isEqualTo(SandboxOptions.defaults());
    }

    @Test
    void badSpecsNameTheBadPart() {
        assertThatThrownBy(() -> SandboxOptions.defaults().withFaults("throttle=0.2,slow=3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'slow=3'")
                .hasMessageContaining("unknown fault 'slow'");
        assertThatThrownBy(() -> SandboxOptions.defaults().withFaults("error=lots"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'error=lots'");
        assertThatThrownBy(() -> SandboxOptions.defaults().withFaults("throttle=1.5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'throttle=1.5'");
        assertThatThrownBy(() -> SandboxOptions.defaults().withFaults("fail=12345"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'fail=12345'");
        assertThatThrownBy(() -> SandboxOptions.defaults().withFaults("throttle"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'throttle'");
        assertThatThrownBy(() -> SandboxOptions.defaults().withFaults("throttle=0.7,error=0.5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceed 1");
    }

    @Test
    void sizesOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> SandboxOptions.defaults().withSize(0, 12, 15))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payers");
        assertThatThrownBy(() -> SandboxOptions.defaults().withSize(3, 1, 15))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accountsPerPayer");
        assertThatThrownBy(() -> SandboxOptions.defaults().withSize(3, 12, 500))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("servicesPerPayer");
    }
}
