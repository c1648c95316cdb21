package rekey.rulerdiff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.event.ruler.Machine;

/**
 * event-ruler's matching rate, for bench/detections.ts: reads {"rules": [{"name", "pattern"}], "events": [JSON
 * text], "millis"} from standard input, adds every rule to one Machine, and prints {"text", "parsed", "matches"}:
 * events per second matched from JSON text (rulesForJSONEvent(String)) and from events Jackson has already parsed
 * (rulesForJSONEvent(JsonNode)), each after a warm-up of the same length, and the rules each event matched.
 */
public final class RulerBench {
    private RulerBench() { }

    private interface Pass {
        void run() throws Exception;
    }

    /** Events per second over `millis` of whole passes through the events, after as long a warm-up. */
    private static double rate(Pass pass, int events, long millis) throws Exception {
        long warmEnd = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < warmEnd) {
            pass.run();
        }
        long start = System.nanoTime();
        long end = start + millis * 1_000_000L;
        long passes = 0;
        long now;
        do {
            pass.run();
            passes += 1;
            now = System.nanoTime();
        } while (now < end);
        return passes * (double) events / ((now - start) / 1e9);
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        InputStream in = System.in;
        JsonNode input = json.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        Machine machine = new Machine();
        for (JsonNode rule : input.get("rules")) {
            machine.addRule(rule.get("name").asText(), rule.get("pattern").asText());
        }
        List<String> texts = new ArrayList<>();
        List<JsonNode> parsed = new ArrayList<>();
        for (JsonNode event : input.get("events")) {
            texts.add(event.asText());
            parsed.add(json.readTree(event.asText()));
        }
        long millis = input.get("millis").asLong();
        ObjectNode out = json.createObjectNode();
        ArrayNode matches = out.putArray("matches");
        for (String text : texts) {
            ArrayNode names = matches.addArray();
            for (String name : machine.rulesForJSONEvent(text)) {
                names.add(name);
            }
        }
        out.put("text", rate(() -> {
            for (String text : texts) {
                machine.rulesForJSONEvent(text);
            }
        }, texts.size(), millis));
        out.put("parsed", rate(() -> {
            for (JsonNode event : parsed) {
                machine.rulesForJSONEvent(event);
            }
        }, parsed.size(), millis));
        PrintStream stdout = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        stdout.println(json.writeValueAsString(out));
        stdout.flush();
    }
}
