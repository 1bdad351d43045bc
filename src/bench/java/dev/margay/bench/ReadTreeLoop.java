package dev.margay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The parse floor of the CLI comparison: one thread reads a JSON Lines file (gunzipping it when its
 * name ends in .gz) and calls Jackson's {@code readTree} on every line, nothing else; prints
 * records/s as {@code scan} does. Run by {@code src/bench/cli/scan-bench.sh} in the same run as the
 * scans.
 */
public final class ReadTreeLoop {
  private ReadTreeLoop() {}

  public static void main(String[] args) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    long start = System.nanoTime();
    long records = 0;
    long fields = 0;
    try (InputStream raw = Files.newInputStream(Path.of(args[0]));
        InputStream in = args[0].endsWith(".gz") ? new GZIPInputStream(raw, 64 * 1024) : raw;
        BufferedReader r =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isEmpty()) {
          JsonNode tree = mapper.readTree(line);
          fields += tree.size();
          records++;
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "readTree loop: %,d records in %.2f s = %,.0f records/s (%d fields)%n",
        records, seconds, records / seconds, fields);
  }
}
