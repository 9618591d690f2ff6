package com.billingengine.sandbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/** A Cost Explorer {@code Expression} compiled into a predicate on cost cells. */
final class CostFilter {

    static final List<String> DIMENSIONS = List.of("LINKED_ACCOUNT", "SERVICE", "RECORD_TYPE");
    private static final List<String> OPERATORS = List.of("And", "Or", "Not", "Dimensions", "Tags", "CostCategories");

    private CostFilter() {
    }

    static Predicate<Scenario.Cell> compile(JsonNode expression) {
        if (!expression.isObject()) {
            throw invalid("Expression must be an object");
        }
        List<String> operators = new ArrayList<>();
        for (String name : OPERATORS) {
            JsonNode value = expression.path(name);
            if (!value.isMissingNode() && !value.isNull()) {
                operators.add(name);
            }
        }
        if (operators.size() != 1) {
            throw invalid("Expression must have exactly one root operator (And, Or, Not, Dimensions, Tags, "
                    + "CostCategories), found " + (operators.isEmpty() ? "none" : String.join(", ", operators)));
        }
        JsonNode operand = expression.path(operators.get(0));
        return switch (operators.get(0)) {
            case "And" -> operands(operand, "And").stream().reduce(Predicate::and).orElseThrow();
            case "Or" -> operands(operand, "Or").stream().reduce(Predicate::or).orElseThrow();
            case "Not" -> compile(operand).negate();
            case "Dimensions" -> dimension(operand);
            default -> throw invalid(operators.get(0) + " filters are not supported: the sandbox has no tags or "
                    + "cost categories");
        };
    }

    /** Cell's value of a dimension the sandbox knows (one of {@link #DIMENSIONS}). */
    static String value(Scenario.Cell cell, String dimension) {
        return switch (dimension) {
            case "LINKED_ACCOUNT" -> cell.account().id();
            case "SERVICE" -> cell.service().name();
            case "RECORD_TYPE" -> cell.recordType().dimensionValue();
            default -> throw new IllegalArgumentException(dimension);
        };
    }

    private static List<Predicate<Scenario.Cell>> operands(JsonNode array, String operator) {
        if (!array.isArray() || array.isEmpty()) {
            throw invalid(operator + " needs a list of expressions");
        }
        List<Predicate<Scenario.Cell>> predicates = new ArrayList<>();
        for (JsonNode element : array.values()) {
            predicates.add(compile(element));
        }
        return predicates;
    }

    private static Predicate<Scenario.Cell> dimension(JsonNode node) {
        String key = node.path("Key").asString("");
        if (!DIMENSIONS.contains(key)) {
            throw invalid("Dimension '" + key + "' is not supported in filters; use one of " + DIMENSIONS);
        }
        for (JsonNode option : node.path("MatchOptions").values()) {
            String name = option.asString("");
            if (!name.equals("EQUALS") && !name.equals("CASE_SENSITIVE")) {
                throw invalid("MatchOptions " + name + " is not supported for dimension " + key);
            }
        }
        Set<String> values = new HashSet<>();
        for (JsonNode value : node.path("Values").values()) {
            values.add(value.asString(""));
        }
        if (values.isEmpty()) {
            throw invalid("Dimensions filter on " + key + " needs Values");
        }
        return cell -> values.contains(value(cell, key));
    }

    private static AwsError invalid(String message) {
        return new AwsError(400, "ValidationException", message);
    }
}
