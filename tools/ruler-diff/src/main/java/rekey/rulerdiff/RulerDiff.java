package rekey.rulerdiff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.MachineComplexityEvaluator;

/**
 * Reads pattern/event pairs as JSON lines ({"id", "pattern", "event"}, pattern and event as JSON text) and prints one
 * verdict a line: {"id", "verdict": "match" | "no-match" | "invalid", "complexity", "reason"}. Every pair gets a fresh
 * Machine, so no answer depends on the pairs before it.
 */
public final class RulerDiff {
    /** Complexity is counted up to this cap (well above any limit the differential test applies). */
    private static final int COMPLEXITY_CAP = 1000;

    private RulerDiff() { }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        MachineComplexityEvaluator evaluator = new MachineComplexityEvaluator(COMPLEXITY_CAP);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode pair = json.readTree(line);
            ObjectNode verdict = json.createObjectNode();
            verdict.set("id", pair.get("id"));
            Machine machine = new Machine();
            try {
                machine.addRule("rule", pair.get("pattern").asText());
            } catch (Exception e) {
                verdict.put("verdict", "invalid");
                verdict.put("reason", String.valueOf(e.getMessage()));
                out.println(json.writeValueAsString(verdict));
                continue;
            }
            verdict.put("complexity", machine.evaluateComplexity(evaluator));
            try {
                boolean matched = !machine.rulesForJSONEvent(pair.get("event").asText()).isEmpty();
                verdict.put("verdict", matched ? "match" : "no-match");
            } catch (Exception e) {
                verdict.put("verdict", "error");
                verdict.put("reason", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            out.println(json.writeValueAsString(verdict));
        }
        out.flush();
    }
}
