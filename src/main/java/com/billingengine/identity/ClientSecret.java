package com.billingengine.identity;

/** A client secret held in memory only; its toString never shows it. */
public record ClientSecret(String value) {

    @Override
    public String toString() {
        return "ClientSecret[****]";
    }
}
