package io.plystra.kernel;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Request bodies are read strictly: a key given twice in one object, or anything after the JSON
 * value, is 400. Jackson's defaults keep the last duplicate and ignore trailing content, so a body
 * such as {@code {"action":"delete","action":"approve"}} means one thing here and maybe another to
 * a gateway or log reader in front of the service: such a body is refused rather than decided.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
