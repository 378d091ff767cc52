package io.bulwark.policy.eval;

import dev.cel.common.CelOptions;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CEL environment policy expressions are checked and run in: the declared input variables
 * and their types. The compiler and {@link CompiledPolicy} both build from here, so an expression
 * that type-checks at build time is the one that runs.
 *
 * <p>Variables are declared with qualified names ({@code principal.sub}, {@code request.method}):
 * CEL resolves {@code a.b} to a declared variable {@code a.b} first, so a misspelt field such as
 * {@code principal.rols} is an "undeclared reference" at compile time, and the evaluator can fill
 * a flat, reusable activation map without building a message per request.
 */
public final class PolicyCelEnv {
    public static final String PRINCIPAL_SUB = "principal.sub";
    public static final String PRINCIPAL_ISS = "principal.iss";
    public static final String PRINCIPAL_ROLES = "principal.roles";
    public static final String PRINCIPAL_AMR = "principal.amr";
    public static final String PRINCIPAL_CLAIMS = "principal.claims";
    public static final String REQUEST_METHOD = "request.method";
    public static final String REQUEST_PATH = "request.path";
    public static final String REQUEST_ROUTE = "request.route";
    public static final String REQUEST_PARAMS = "request.params";
    public static final String REQUEST_HEADERS = "request.headers";
    public static final String REQUEST_IP = "request.ip";
    public static final String REQUEST_TENANT = "request.tenant";
    public static final String RESOURCE = "resource";
    public static final String NOW = "now";

    /** Declared input variables and their CEL types, in documentation order. */
    public static final Map<String, CelType> INPUTS = inputs();

    /**
     * Options shared by compiler and runtime. Heterogeneous numeric comparison lets {@code 900 > 500.0}
     * hold: claim and resource numbers arrive as JSON numbers, and authors should not have to guess
     * whether a value is an int or a double.
     */
    private static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();

    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    private PolicyCelEnv() {
    }

    private static Map<String, CelType> inputs() {
        Map<String, CelType> m = new LinkedHashMap<>();
        CelType strings = ListType.create(SimpleType.STRING);
        m.put(PRINCIPAL_SUB, SimpleType.STRING);
        m.put(PRINCIPAL_ISS, SimpleType.STRING);
        m.put(PRINCIPAL_ROLES, strings);
        m.put(PRINCIPAL_AMR, strings);
        m.put(PRINCIPAL_CLAIMS, MapType.create(SimpleType.STRING, SimpleType.DYN));
        m.put(REQUEST_METHOD, SimpleType.STRING);
        m.put(REQUEST_PATH, SimpleType.STRING);
        m.put(REQUEST_ROUTE, SimpleType.STRING);
        m.put(REQUEST_PARAMS, MapType.create(SimpleType.STRING, SimpleType.STRING));
        m.put(REQUEST_HEADERS, MapType.create(SimpleType.STRING, SimpleType.STRING));
        m.put(REQUEST_IP, SimpleType.STRING);
        m.put(REQUEST_TENANT, SimpleType.STRING);
        m.put(RESOURCE, MapType.create(SimpleType.STRING, SimpleType.DYN));
        m.put(NOW, SimpleType.TIMESTAMP);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** True for names a bundle's {@code list} may not take (they would shadow inputs). */
    public static boolean isReservedName(String name) {
        return name.equals("principal") || name.equals("request") || name.equals(RESOURCE) || name.equals(NOW);
    }

    /**
     * A compiler for expressions of {@code resultType} that may use the inputs and the bundle's
     * named lists (each a {@code list(string)}).
     */
    public static CelCompiler compiler(Collection<String> listNames, CelType resultType) {
        CelCompilerBuilder b = CelCompilerFactory.standardCelCompilerBuilder().setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setResultType(resultType);
        INPUTS.forEach(b::addVar);
        for (String name : listNames) {
            b.addVar(name, ListType.create(SimpleType.STRING));
        }
        return b.build();
    }

    /** The shared runtime (thread-safe; programs it creates are immutable and thread-safe). */
    public static CelRuntime runtime() {
        return RUNTIME;
    }
}
