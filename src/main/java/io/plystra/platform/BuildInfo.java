package io.plystra.platform;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Values fixed at build time (Maven resource filtering of plystra-build.properties). */
public final class BuildInfo {

    public static final String VERSION;
    public static final String COMMIT;
    public static final String TIME;

    static {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream("plystra-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Left as "unknown" below.
        }
        VERSION = p.getProperty("version", "unknown");
        COMMIT = p.getProperty("commit", "unknown");
        TIME = p.getProperty("time", "unknown");
    }

    private BuildInfo() {
    }
}
