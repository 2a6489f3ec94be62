package io.plystra.registry;

public record StandardActionView(String key, String displayName, String riskLevel) {

    static StandardActionView of(StandardAction a) {
        return new StandardActionView(a.key, a.displayName, a.riskLevel);
    }
}
