package com.billingengine.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import com.billingengine.BillingProperties;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IClientCredential;

/** Production sign-in: a Microsoft Entra ID confidential client (msal4j), which caches tokens until near expiry. */
final class EntraIdTokenSource implements WebIdentityTokenSource {

    private final ConfidentialClientApplication app;
    private final String clientId;
    private final String scope;

    EntraIdTokenSource(ConfidentialClientApplication app, String clientId, String scope) {
        this.app = app;
        this.clientId = clientId;
        this.scope = scope;
    }

    static EntraIdTokenSource fromConfiguration(BillingProperties.Identity identity, Clock clock) {
        if (identity.tenantId() == null || identity.clientId() == null) {
            throw new IdentityException("--auth-mode entra-id needs billing.identity.tenant-id and billing.identity.client-id"
                    + " (jobs/monthly-billing.yml or BILLING_IDENTITY_TENANT_ID / BILLING_IDENTITY_CLIENT_ID)");
        }
        String scope = identity.scope() != null ? identity.scope() : "api://" + identity.clientId() + "/.default";
        try {
            ConfidentialClientApplication app = ConfidentialClientApplication
                    .builder(identity.clientId(), credential(identity))
                    .authority(identity.authority() + identity.tenantId() + "/")
                    .build();
            return new EntraIdTokenSource(app, identity.clientId(), scope);
        } catch (java.net.MalformedURLException e) {
            throw new IdentityException("billing.identity.authority '" + identity.authority() + "' is not a URL", e);
        }
    }

    private static IClientCredential credential(BillingProperties.Identity identity) {
        String secret = System.getenv("BILLING_CLIENT_SECRET");
        if (identity.secretFile() != null) {
            try {
                secret = Files.readString(identity.secretFile(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IdentityException("cannot read the client secret file " + identity.secretFile(), e);
            }
        }
        if (secret == null || secret.isEmpty()) {
            throw new IdentityException("no Entra ID client secret: set BILLING_CLIENT_SECRET or billing.identity.secret-file");
        }
        return ClientCredentialFactory.createFromSecret(secret);
    }

    @Override
    public String token() {
        try {
            return app.acquireToken(ClientCredentialParameters.builder(Set.of(scope)).build()).get().accessToken();
        } catch (ExecutionException e) {
            throw new IdentityException("Microsoft Entra ID refused a token for client " + clientId + " and scope "
                    + scope + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityException("interrupted while signing in to Microsoft Entra ID", e);
        }
    }

    @Override
    public String describe() {
        return "Entra ID client " + clientId;
    }
}
