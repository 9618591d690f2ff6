package com.billingengine.identity;

import java.net.URI;
import java.time.Clock;

import javax.net.ssl.SSLSocketFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.billingengine.BillingProperties;

/** Picks the token source for {@code --auth-mode}; only this package knows how credentials are obtained. */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

    @Bean
    PayerClients payerClients(BillingProperties properties, ObjectProvider<ClientSecret> sandboxSecret,
            ObjectProvider<SSLSocketFactory> sandboxTrust, Clock clock) {
        return new PayerClients(properties, () -> tokenSource(properties, sandboxSecret, sandboxTrust, clock));
    }

    /** Null for default-chain: the SDK's own credentials act directly, without assuming a role. */
    private static WebIdentityTokenSource tokenSource(BillingProperties properties,
            ObjectProvider<ClientSecret> sandboxSecret, ObjectProvider<SSLSocketFactory> sandboxTrust, Clock clock) {
        var identity = properties.identity();
        return switch (properties.authMode()) {
            case DEFAULT_CHAIN -> null;
            // the mode and its settings were checked at start-up (cli.ConfigurationCheck): one validation path
            case TOKEN_FILE -> new TokenFileTokenSource(properties.tokenFile());
            case SANDBOX -> new ClientCredentialsTokenSource(
                    URI.create(identity.authority() + identity.tenantId() + "/oauth2/v2.0/token"),
                    identity.clientId(), sandboxSecret.getIfAvailable(() -> EntraIdTokenSource.secret(identity)),
                    identity.scope(), clock);
            case ENTRA_ID -> EntraIdTokenSource.create(identity, sandboxTrust.getIfAvailable(), clock,
                    sandboxSecret.getIfAvailable());
        };
    }
}
