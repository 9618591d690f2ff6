package com.billingengine.identity;

/** Where the OpenID Connect token for STS AssumeRoleWithWebIdentity comes from; asked again on every refresh. */
public interface WebIdentityTokenSource {

    /** A token valid now; implementations cache and renew it. Never log it. */
    String token();

    /** What the token source is, for messages: never the token or a secret. */
    String describe();
}
