package io.plystra.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code plystractl contract init|validate|diff|apply}. {@code init} prints a template; the others send the file
 * to the server's contract routes ({@code PLYSTRA_URL}, authenticated by {@code PLYSTRA_TOKEN}: an access token or
 * an API key holding {@code contracts:manage}), so a contract is applied by the same code, checks and audit rows
 * whether it comes from the API or from here.
 */
final class ContractCommand {

    static final List<String> TEMPLATES = List.of("crud", "finance-reviewer");
    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    ContractCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /** The template's text, or null when there is no such template. */
    static String template(String name) throws IOException {
        if (!TEMPLATES.contains(name)) {
            return null;
        }
        try (InputStream in = ContractCommand.class.getResourceAsStream("/contracts/" + name + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {@code validate}, {@code diff} or {@code apply} of {@code file} against {@code space}. */
    int run(String action, Path file, String space) throws IOException, InterruptedException {
        String token = env.get("PLYSTRA_TOKEN");
        if (token == null || token.isBlank()) {
            err.println("plystractl: PLYSTRA_TOKEN is not set (an access token or API key holding contracts:manage in the space)");
            return Plystractl.FAILED;
        }
        String document;
        try {
            document = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            err.println("plystractl: " + file + ": no such file");
            return Plystractl.FAILED;
        }
        String base = env.getOrDefault("PLYSTRA_URL", DEFAULT_URL).replaceAll("/+$", "");
        String type = file.toString().endsWith(".json") ? "application/json" : "application/yaml";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/spaces/"
                        + java.net.URLEncoder.encode(space, StandardCharsets.UTF_8) + "/contracts/" + action))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(document, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("plystractl: cannot reach the server at " + base + " (PLYSTRA_URL): " + Plystractl.oneLine(e));
            return Plystractl.FAILED;
        }
        JsonNode body = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
        if (response.statusCode() != 200) {
            return refused(file, body.path("error"), response.statusCode());
        }
        JsonNode data = body.path("data");
        switch (action) {
            case "validate" -> out.println("ok: " + file + " is a valid contract for " + space + " (" + data.path("resource_types").asInt()
                    + " resource types, " + data.path("roles").asInt() + " roles; an apply would make " + data.path("changes").asInt()
                    + " changes)");
            case "diff" -> {
                return diff(file, space, data);
            }
            default -> out.println(data.path("new_version").asBoolean()
                    ? "ok: " + space + " contract version " + data.path("version").asInt() + ", " + data.path("changes").size() + " changes"
                    : "ok: " + space + " unchanged: contract version " + data.path("version").asInt() + " is this document");
        }
        return Plystractl.OK;
    }

    /** One line per change on standard output; one {@code CONFLICT:} line per refused removal on standard error (exit 1). */
    private int diff(Path file, String space, JsonNode data) {
        if (data.path("changes").isEmpty()) {
            out.println("no changes: " + file + " matches " + space);
        }
        for (JsonNode c : data.path("changes")) {
            out.println(c.path("verb").asText() + " " + c.path("kind").asText() + " " + c.path("key").asText()
                    + (c.path("detail").isEmpty() ? "" : " " + c.path("detail")));
        }
        for (JsonNode c : data.path("conflicts")) {
            err.println("CONFLICT: " + c.path("problem").asText());
        }
        return data.path("conflicts").isEmpty() ? Plystractl.OK : Plystractl.FAILED;
    }

    /** The server's refusal: each problem of the document as {@code FILE:LINE: field: problem}, each conflict, or the message. */
    private int refused(Path file, JsonNode error, int status) {
        JsonNode details = error.path("details");
        if (details.has("problems")) {
            for (JsonNode p : details.path("problems")) {
                err.println(file + (p.path("line").isNumber() ? ":" + p.path("line").asInt() : "") + ": " + p.path("field").asText()
                        + ": " + p.path("problem").asText());
            }
        } else if (details.has("conflicts")) {
            for (JsonNode c : details.path("conflicts")) {
                err.println("CONFLICT: " + c.path("problem").asText());
            }
        } else {
            err.println("plystractl: the server answered " + status + " " + error.path("code").asText() + ": " + error.path("message").asText());
        }
        return Plystractl.FAILED;
    }
}
