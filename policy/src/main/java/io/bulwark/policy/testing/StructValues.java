package io.bulwark.policy.testing;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts protobuf Struct values (test claims, resources) into the plain Java values CEL reads. */
final class StructValues {
    private StructValues() {
    }

    static Map<String, Object> toMap(Struct s) {
        Map<String, Object> out = new LinkedHashMap<>();
        s.getFieldsMap().forEach((k, v) -> out.put(k, toJava(v)));
        return Collections.unmodifiableMap(out);
    }

    static Object toJava(Value v) {
        switch (v.getKindCase()) {
            case STRING_VALUE:
                return v.getStringValue();
            case BOOL_VALUE:
                return v.getBoolValue();
            case NUMBER_VALUE: {
                double d = v.getNumberValue();
                // Whole numbers become CEL ints so `claims.level >= 2` type-checks at run time as written.
                return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
            }
            case LIST_VALUE: {
                List<Object> l = new ArrayList<>();
                v.getListValue().getValuesList().forEach(x -> l.add(toJava(x)));
                return Collections.unmodifiableList(l);
            }
            case STRUCT_VALUE:
                return toMap(v.getStructValue());
            default:
                return com.google.protobuf.NullValue.NULL_VALUE;
        }
    }
}
