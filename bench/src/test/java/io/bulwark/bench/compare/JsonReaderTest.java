package io.bulwark.bench.compare;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonReaderTest {

    @Test
    void shouldParseWhatTheBenchToolsWrite() {
        Object v = JsonReader.parse("""
                {"timestamp": "2026-11-29T12:00:00Z", "complete": true, "none": null,
                 "targets": [{"id": "failover_first_write", "measured": 1234.5, "limit": 3e3, "note": "a \\"b\\"\\n\\u00b5"}],
                 "empty": {}, "list": []}
                """);
        assertThat(v).isInstanceOf(Map.class);
        Map<?, ?> m = (Map<?, ?>) v;
        assertThat(m.get("complete")).isEqualTo(Boolean.TRUE);
        assertThat(m.containsKey("none")).isTrue();
        assertThat(m.get("none")).isNull();
        Map<?, ?> row = (Map<?, ?>) ((List<?>) m.get("targets")).get(0);
        assertThat(row.get("measured")).isEqualTo(1234.5);
        assertThat(row.get("limit")).isEqualTo(3000.0);
        assertThat(row.get("note")).isEqualTo("a \"b\"\nµ");
        assertThat((Map<?, ?>) m.get("empty")).isEmpty();
        assertThat((List<?>) m.get("list")).isEmpty();
    }

    @Test
    void shouldRejectMalformedJson() {
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": 1,}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": 1} x")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> JsonReader.parse("[1, 2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonReader.parse("\"open")).hasMessageContaining("unterminated");
    }
}
