package io.plystra.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestPathTest {

    static Stream<Arguments> normalised() {
        return Stream.of(
                normalises("plainPath", "/invoices/1/approve", "/invoices/1/approve"),
                normalises("root", "/", "/"),
                normalises("trailingSlashIsNotSignificant", "/invoices/1/", "/invoices/1"),
                normalises("doubleSlashesMerge", "//invoices///1//approve", "/invoices/1/approve"),
                normalises("dotSegmentDropped", "/invoices/./1", "/invoices/1"),
                normalises("dotDotRemovesThePreviousSegment", "/invoices/../admin", "/admin"),
                normalises("encodedDotDotLowerCaseIsDotDot", "/invoices/%2e%2e/admin", "/admin"),
                normalises("encodedDotDotUpperCaseIsDotDot", "/invoices/%2E%2E/admin", "/admin"),
                normalises("halfEncodedDotDotIsDotDot", "/invoices/.%2e/admin", "/admin"),
                normalises("otherHalfEncodedDotDotIsDotDot", "/invoices/%2e./admin", "/admin"),
                normalises("encodedSingleDotIsDot", "/invoices/%2e/1", "/invoices/1"),
                normalises("dotDotAfterDoubleSlash", "/invoices//..//admin", "/admin"),
                normalises("dotDotBackToRoot", "/invoices/..", "/"),
                normalises("decodesOnlyOnceSoDoubleEncodedDotStaysLiteral", "/invoices/%252e%252e/admin",
                        "/invoices/%2e%2e/admin"),
                normalises("threeDotsAreALiteral", "/invoices/.../admin", "/invoices/.../admin"),
                normalises("dotsInsideASegmentAreLiteral", "/invoices/1..2", "/invoices/1..2"),
                normalises("caseIsKept", "/INVOICES/Inv_1", "/INVOICES/Inv_1"),
                normalises("encodedLettersDecode", "/%69nvoices/1", "/invoices/1"),
                normalises("encodedSpaceDecodes", "/files/a%20b", "/files/a b"),
                normalises("plusStaysPlusInThePath", "/files/a+b", "/files/a+b"),
                normalises("encodedQuestionMarkStaysInTheSegment", "/files/a%3Fb", "/files/a?b"),
                normalises("utf8Decodes", "/files/%C3%A9t%C3%A9", "/files/été"),
                normalises("queryIsNotPartOfThePath", "/invoices/1?x=/../admin", "/invoices/1"),
                normalises("emptyQuery", "/invoices/1?", "/invoices/1"),
                normalises("longestPathAccepted", "/" + "a".repeat(RequestPath.MAX_PATH - 1),
                        "/" + "a".repeat(RequestPath.MAX_PATH - 1)),
                normalises("mostSegmentsAccepted", "/a".repeat(RequestPath.MAX_SEGMENTS),
                        "/a".repeat(RequestPath.MAX_SEGMENTS)));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("normalised")
    void normalisesThePath(String name, String raw, String expected) {
        assertEquals(expected, RequestPath.parse(raw).path());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                refuses("missing", null),
                refuses("empty", ""),
                refuses("relative", "invoices/1"),
                refuses("absoluteForm", "http://billing.example.com/invoices/1"),
                refuses("asterisk", "*"),
                refuses("dotDotAboveRootNeverClamps", "/.."),
                refuses("dotDotAboveRootAfterSegments", "/invoices/../../admin"),
                refuses("encodedDotDotAboveRoot", "/%2e%2e/admin"),
                refuses("encodedSlashLowerCase", "/invoices/1%2fapprove"),
                refuses("encodedSlashUpperCase", "/invoices/1%2Fapprove"),
                refuses("encodedSlashHidingDotDot", "/invoices/..%2Fadmin"),
                refuses("encodedBackslashLowerCase", "/invoices/%5c..%5cadmin"),
                refuses("encodedBackslashUpperCase", "/invoices/%5C..%5Cadmin"),
                refuses("rawBackslash", "/invoices\\..\\admin"),
                refuses("semicolonPathParameter", "/admin;x=1"),
                refuses("semicolonAfterDotDot", "/invoices/..;/admin"),
                refuses("bareSemicolon", "/invoices/1;"),
                refuses("encodedSemicolon", "/admin%3bx=1"),
                refuses("encodedNul", "/invoices/1%00.json"),
                refuses("encodedNewline", "/invoices/1%0aadmin"),
                refuses("encodedDel", "/invoices/1%7f"),
                refuses("rawControlCharacter", "/invoices/1\u0001"),
                refuses("rawTab", "/invoices/\t1"),
                refuses("rawSpace", "/invoices/ 1"),
                refuses("fragment", "/invoices/1#approve"),
                refuses("percentWithoutDigits", "/invoices/%"),
                refuses("percentWithOneDigit", "/invoices/%2"),
                refuses("percentWithNonHex", "/invoices/%zz"),
                refuses("percentWithNonAsciiDigits", "/invoices/%\uff12\uff45"),
                refuses("invalidUtf8", "/invoices/%ff"),
                refuses("overlongUtf8Dot", "/invoices/%c0%ae%c0%ae/admin"),
                refuses("loneSurrogate", "/invoices/\ud800"),
                refuses("pathTooLong", "/" + "a".repeat(RequestPath.MAX_PATH)),
                refuses("tooManySegments", "/a".repeat(RequestPath.MAX_SEGMENTS + 1)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refused")
    void refusesThePath(String name, String raw) {
        RouteException e = assertThrows(RouteException.class, () -> RequestPath.parse(raw));
        assertEquals("path", e.field(), e.getMessage());
    }

    static Stream<Arguments> refusedQueries() {
        return Stream.of(
                refuses("semicolonSeparator", "/invoices?id=1;id=2"),
                refuses("encodedNul", "/invoices?id=1%00"),
                refuses("invalidPercent", "/invoices?id=%g1"),
                refuses("invalidUtf8", "/invoices?id=%c3"),
                refuses("tooLong", "/invoices?id=" + "1".repeat(RequestPath.MAX_QUERY)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusedQueries")
    void refusesTheQuery(String name, String raw) {
        RouteException e = assertThrows(RouteException.class, () -> RequestPath.parse(raw));
        assertEquals("query", e.field(), e.getMessage());
    }

    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of("/invoices?id=inv_1", Map.of("id", List.of("inv_1"))),
                Arguments.of("/invoices?id=a&id=b", Map.of("id", List.of("a", "b"))),
                Arguments.of("/invoices?id=a%20b", Map.of("id", List.of("a b"))),
                Arguments.of("/invoices?id=a+b", Map.of("id", List.of("a b"))),
                Arguments.of("/invoices?id=a%2Bb", Map.of("id", List.of("a+b"))),
                Arguments.of("/invoices?id=a%26x%3D1", Map.of("id", List.of("a&x=1"))),
                Arguments.of("/invoices?flag", Map.of("flag", List.of(""))),
                Arguments.of("/invoices?id=1=2", Map.of("id", List.of("1=2"))),
                Arguments.of("/invoices?&&id=1&", Map.of("id", List.of("1"))),
                Arguments.of("/invoices?i%64=1", Map.of("id", List.of("1"))),
                Arguments.of("/invoices?id=/../x?y", Map.of("id", List.of("/../x?y"))),
                Arguments.of("/invoices", Map.of()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("queries")
    void decodesTheQuery(String raw, Map<String, List<String>> expected) {
        assertEquals(expected, RequestPath.parse(raw).query());
    }

    @Test
    void segmentsAreDecodedAndResolved() {
        assertEquals(List.of("invoices", "a b", "approve"),
                RequestPath.parse("/x/..//invoices/./a%20b/approve/").segments());
        assertEquals(List.of(), RequestPath.parse("/a/..").segments());
    }

    @Test
    void doubleEncodedDotIsNotADotSegment() {
        assertEquals(List.of("invoices", "%2e%2e", "admin"),
                RequestPath.parse("/invoices/%252e%252e/admin").segments());
    }

    @Test
    void trailingSlashVariantsAreEqual() {
        assertEquals(RequestPath.parse("/invoices/1"), RequestPath.parse("/invoices/1/"));
        assertEquals(RequestPath.parse("/invoices/1"), RequestPath.parse("/invoices//1//"));
    }

    private static Arguments normalises(String name, String raw, String expected) {
        return Arguments.of(name, raw, expected);
    }

    private static Arguments refuses(String name, String raw) {
        return Arguments.of(name, raw);
    }
}
