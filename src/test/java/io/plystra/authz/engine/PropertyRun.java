package io.plystra.authz.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs one property of {@link EnginePropertiesTest} as a plain JUnit test: {@link #tries} generated cases, case
 * {@code i} drawn from its own {@code new SplittableRandom(base + i)}, where {@code base} mixes the run's seed with the
 * property's name (so the properties do not all see the same worlds). The first failing case stops the run with an
 * {@link AssertionError} naming the property, the seed, the case index, the line that replays it and the generated
 * input. No shrinking: the generators keep inputs small instead.
 *
 * <p>System properties (surefire passes {@code -D...} from the Maven command line on to the test JVM):
 * <ul>
 * <li>{@code -Dplystra.props.seed=<long>} the seed; {@value #DEFAULT_SEED} when absent, so a plain run is repeatable.
 * {@code -Dplystra.props.seed=random} draws a fresh one for the run (printed).</li>
 * <li>{@code -Dplystra.props.tries=<n>} cases per property; {@value #DEFAULT_TRIES} when absent.</li>
 * <li>{@code -Dplystra.props.case=<i>} runs only case {@code i} (replay of a reported failure; same seed needed).</li>
 * </ul>
 */
final class PropertyRun {

    static final String SEED = "plystra.props.seed";
    static final String TRIES = "plystra.props.tries";
    static final String CASE = "plystra.props.case";
    static final long DEFAULT_SEED = 20261201L;
    static final int DEFAULT_TRIES = 1000;

    private final Class<?> test;
    private final String property;
    private final long seed;
    private final int tries;
    private final int onlyCase;
    private final Map<String, Map<String, Integer>> stats = new LinkedHashMap<>();
    private int cases;

    private PropertyRun(Class<?> test, String property, long seed, int tries, int onlyCase) {
        this.test = test;
        this.property = property;
        this.seed = seed;
        this.tries = tries;
        this.onlyCase = onlyCase;
    }

    /** The run of {@code property} (the test method's name) with the seed and tries of this JVM's properties. */
    static PropertyRun of(String property) {
        return of(EnginePropertiesTest.class, property);
    }

    /** The run of {@code property}, a test method of {@code test}, with the seed and tries of this JVM's properties. */
    static PropertyRun of(Class<?> test, String property) {
        String seedText = System.getProperty(SEED, "").trim();
        long seed;
        if (seedText.isEmpty()) {
            seed = DEFAULT_SEED;
        } else if (seedText.equalsIgnoreCase("random")) {
            seed = RandomSeed.VALUE;
        } else {
            seed = Long.parseLong(seedText);
        }
        String triesText = System.getProperty(TRIES, "").trim();
        int tries = triesText.isEmpty() ? DEFAULT_TRIES : Integer.parseInt(triesText);
        String caseText = System.getProperty(CASE, "").trim();
        int onlyCase = caseText.isEmpty() ? -1 : Integer.parseInt(caseText);
        return new PropertyRun(test, property, seed, tries, onlyCase);
    }

    /** One fresh seed for the whole JVM when {@code -Dplystra.props.seed=random}, shared by all properties. */
    private static final class RandomSeed {
        static final long VALUE = new SplittableRandom().nextLong();
    }

    /** The random source of case {@code index}: a pure function of (seed, property, index). */
    static SplittableRandom caseRandom(long seed, String property, int index) {
        return new SplittableRandom(base(seed, property) + index);
    }

    private static long base(long seed, String property) {
        return seed ^ (property.hashCode() * 0x9E3779B97F4A7C15L); // String.hashCode is fixed by the JLS
    }

    long seed() {
        return seed;
    }

    /**
     * Generates each case with {@code generator} and checks it with {@code check}, stopping at the first failure.
     * The case's {@code toString()} is printed on failure, so it should be compact.
     */
    <T> void forAll(Function<SplittableRandom, T> generator, Consumer<T> check) {
        int from = onlyCase >= 0 ? onlyCase : 0;
        int to = onlyCase >= 0 ? onlyCase + 1 : tries;
        System.out.printf("[props] %s: seed=%d, cases %d..%d%n", property, seed, from, to - 1);
        for (int i = from; i < to; i++) {
            T value = null;
            try {
                value = generator.apply(caseRandom(seed, property, i));
                check.accept(value);
            } catch (AssertionError | RuntimeException e) {
                String input = value == null ? "(the generator itself failed)" : String.valueOf(value);
                AssertionError failure = new AssertionError(property + " failed at case " + i + " (seed " + seed
                        + "): " + e + "\n  replay: -Dplystra.props.seed=" + seed + " -D" + CASE + "=" + i
                        + " -Dtest='" + test.getName() + "#" + property + "'"
                        + "\n  input: " + input, e);
                System.out.println("[props] " + failure.getMessage());
                throw failure;
            }
            cases++;
        }
        printStats();
    }

    /** Counts {@code value} under {@code label}, for the printed statistics and {@link #checkShare}. */
    void collect(String label, Object value) {
        stats.computeIfAbsent(label, k -> new TreeMap<>()).merge(String.valueOf(value), 1, Integer::sum);
    }

    /**
     * Whether the generators' coverage checks apply: only on a full run (at least {@value #DEFAULT_TRIES} cases,
     * not a single replayed case). Their thresholds sit several standard deviations below the shares seen over
     * 1,000 cases.
     */
    boolean checksCoverage() {
        return onlyCase < 0 && tries >= DEFAULT_TRIES;
    }

    /** Fails unless at least {@code minPercent} % of the cases collected a value under {@code label} that matches. */
    void checkShare(String label, String what, Predicate<String> which, double minPercent) {
        if (!checksCoverage()) {
            return;
        }
        Map<String, Integer> counts = stats.getOrDefault(label, Map.of());
        int hits = counts.entrySet().stream().filter(e -> which.test(e.getKey())).mapToInt(Map.Entry::getValue).sum();
        double percent = cases == 0 ? 0 : 100.0 * hits / cases;
        if (percent < minPercent) {
            throw new AssertionError(String.format("%s: generator coverage too low (seed %d, %d cases): %s = %s "
                    + "in %.1f %% of cases, expected >= %.1f %%; all: %s", property, seed, cases, label, what,
                    percent, minPercent, counts));
        }
    }

    void checkShare(String label, String value, double minPercent) {
        checkShare(label, value, value::equals, minPercent);
    }

    private void printStats() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("[props] %s: %d cases passed (seed=%d)%n", property, cases, seed));
        stats.forEach((label, counts) -> {
            out.append("  ").append(label).append(':');
            counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(e -> out.append(String.format(" %s %.1f%%;", e.getKey(), 100.0 * e.getValue() / cases)));
            out.append(System.lineSeparator());
        });
        System.out.print(out);
    }
}
