package io.plystra.kernel;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Every {@link Status} column is the lower-case name, as the tables' CHECK constraints spell it. */
@Converter(autoApply = true)
public class StatusColumn implements AttributeConverter<Status, String> {

    @Override
    public String convertToDatabaseColumn(Status status) {
        return status == null ? null : status.value();
    }

    @Override
    public Status convertToEntityAttribute(String column) {
        return Status.of(column);
    }
}
