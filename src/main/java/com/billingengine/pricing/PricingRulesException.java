package com.billingengine.pricing;

import java.util.List;

/**
 * {@code jobs/pricing-rules.yml} is unreadable or invalid. Every problem names the file, the line, the rule
 * (by id, or by position such as {@code rules[2]} when it has no usable id), the field and the bad value.
 */
public class PricingRulesException extends RuntimeException {

    private final List<String> problems;

    PricingRulesException(String source, List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : source + ": " + problems.size() + " problems:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One message per problem, in file order. */
    public List<String> problems() {
        return problems;
    }
}
