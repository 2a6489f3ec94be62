package io.plystra.authz.engine;

/**
 * One required attribute of a binding: {@code attribute} is {@code <source>.<key>} with source one of principal,
 * resource, space, organization, context; {@code value} is a String, java.math.BigDecimal, Boolean, a List of those,
 * or null for {@code exists}.
 */
public record Condition(String attribute, String op, Object value) {

    public String source() {
        return attribute.substring(0, attribute.indexOf('.'));
    }

    public String key() {
        return attribute.substring(attribute.indexOf('.') + 1);
    }

    @Override
    public String toString() {
        return attribute + " " + op + (value == null ? "" : " " + value);
    }
}
