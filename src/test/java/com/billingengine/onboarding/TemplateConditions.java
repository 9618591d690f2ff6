package com.billingengine.onboarding;

import static com.billingengine.onboarding.OpenIdStackTemplate.list;
import static com.billingengine.onboarding.OpenIdStackTemplate.map;
import static com.billingengine.onboarding.OpenIdStackTemplate.string;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Evaluates the template's Conditions and Rules for given parameter values (the others take their defaults),
 * as CloudFormation would: enough of Fn::Equals, Not, And, Or, Condition, Ref, Join and Contains for this template.
 */
final class TemplateConditions {

    private final OpenIdStackTemplate template;
    private final Map<String, Object> parameters = new HashMap<>();

    TemplateConditions(OpenIdStackTemplate template, Map<String, ?> values) {
        this.template = template;
        template.section("Parameters").forEach((name, declaration) -> {
            Object value = values.containsKey(name) ? values.get(name) : map(declaration, name).get("Default");
            boolean isList = "CommaDelimitedList".equals(map(declaration, name).get("Type"));
            parameters.put(name, isList && value instanceof String text ? List.of(text.split(",", -1)) : value);
        });
    }

    /** Whether a resource (or output) with this Condition attribute is created. */
    boolean creates(Map<String, Object> resource) {
        Object condition = resource.get("Condition");
        return condition == null || isTrue(string(condition, "Condition"));
    }

    boolean isTrue(String conditionName) {
        return test(template.section("Conditions").get(conditionName));
    }

    /** Whether every applicable rule's assertions hold, i.e. CloudFormation would accept the parameters. */
    boolean rulesAccept() {
        return template.section("Rules").values().stream().map(rule -> map(rule, "rule")).allMatch(rule ->
                (rule.containsKey("RuleCondition") && !test(rule.get("RuleCondition")))
                        || list(rule.get("Assertions"), "Assertions").stream().allMatch(a -> test(map(a, "assertion").get("Assert"))));
    }

    private boolean test(Object expression) {
        Map<String, Object> function = map(expression, "condition " + expression);
        Map.Entry<String, Object> call = function.entrySet().iterator().next();
        return switch (call.getKey()) {
            case "Condition" -> isTrue(string(call.getValue(), "Condition"));
            case "Fn::Not" -> !test(list(call.getValue(), "Fn::Not").get(0));
            case "Fn::And" -> list(call.getValue(), "Fn::And").stream().allMatch(this::test);
            case "Fn::Or" -> list(call.getValue(), "Fn::Or").stream().anyMatch(this::test);
            case "Fn::Equals" -> {
                List<Object> pair = list(call.getValue(), "Fn::Equals");
                yield value(pair.get(0)).equals(value(pair.get(1)));
            }
            case "Fn::Contains" -> {
                List<Object> arguments = list(call.getValue(), "Fn::Contains");
                yield ((List<?>) value(arguments.get(0))).contains(value(arguments.get(1)));
            }
            default -> throw new IllegalStateException("cannot evaluate " + expression);
        };
    }

    private Object value(Object expression) {
        if (!(expression instanceof Map<?, ?>)) {
            return expression;
        }
        Map.Entry<String, Object> call = map(expression, "value").entrySet().iterator().next();
        return switch (call.getKey()) {
            case "Ref" -> parameters.get(string(call.getValue(), "Ref"));
            case "Fn::Join" -> {
                List<Object> arguments = list(call.getValue(), "Fn::Join");
                yield ((List<?>) value(arguments.get(1))).stream().map(String::valueOf)
                        .collect(Collectors.joining(string(arguments.get(0), "Fn::Join delimiter")));
            }
            default -> throw new IllegalStateException("cannot evaluate " + expression);
        };
    }
}
