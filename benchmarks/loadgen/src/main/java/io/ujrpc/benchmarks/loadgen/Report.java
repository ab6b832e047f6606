package io.ujrpc.benchmarks.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns load results (JSON lines from the harness, {@code loadgen run}, {@code connect}
 * or {@code idle}, a JSON array of them, or a CSV with the same column names) into a
 * Markdown page with one table and PNG charts per scenario.
 * <p>
 * Rows of one scenario and one peer are repetitions: the page shows their median, the
 * range from min to max, and each peer's median divided by the baseline peer's (ujrpc)
 * median from the same input. A row names the number it is about in {@code metric}
 * (default {@code rps}) and whether {@code higher} or {@code lower} is {@code better}.
 * <p>
 * With {@code --column jdk --headline "JDK 25"} the rows of one peer are split further by
 * the value of {@code jdk}: the headline value gets the full columns (median, range,
 * ratio, percentiles), every other value a median and a ratio to the baseline's median of
 * the same value; rows without the key (or {@code "-"}: a peer that does not run on a
 * JDK) count as the headline's.
 * <p>
 * {@code loadgen report --in results.jsonl --out-dir docs} writes
 * {@code docs/benchmarks.md} and {@code docs/benchmarks/*.png}.
 */
final class Report {

	private static final String[] EXTRA_COLUMNS = { "p50_us", "p99_us", "p999_us", "mb_per_s", "open_at_end",
			"unsent" };

	private static final Map<String, String> NAMES = Map.ofEntries(Map.entry("rps", "req/s"),
			Map.entry("calls_per_s", "calls/s"), Map.entry("p50_us", "p50 µs"), Map.entry("p90_us", "p90 µs"),
			Map.entry("p99_us", "p99 µs"), Map.entry("p999_us", "p99.9 µs"), Map.entry("max_us", "max µs"),
			Map.entry("mb_per_s", "MB/s each way"), Map.entry("us_per_setup", "µs per set-up"),
			Map.entry("kb_per_connection", "KB per connection"), Map.entry("open_at_end", "still open"),
			Map.entry("unsent", "unsent"));

	private Report() {
	}

	static void main(String[] args) throws IOException {
		Settings settings = new Settings();
		List<Path> inputs = new ArrayList<>();
		for (int i = 0; i < args.length; i += 2) {
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException(args[i] + ": missing value");
			}
			String value = args[i + 1];
			switch (args[i]) {
				case "--in" -> inputs.add(Path.of(value));
				case "--out-dir" -> settings.outDir = Path.of(value);
				case "--title" -> settings.title = value;
				case "--group" -> settings.group = value;
				case "--series" -> settings.series = value;
				case "--baseline" -> settings.baseline = value;
				case "--note" -> settings.note = value;
				case "--targets" -> settings.targets = Path.of(value);
				case "--jmh" -> settings.jmh = Path.of(value);
				case "--column" -> settings.column = value;
				case "--headline" -> settings.headline = value;
				case "--section" -> settings.sections.add(Path.of(value));
				case "--meta" -> {
					int equals = value.indexOf('=');
					if (equals <= 0) {
						throw new IllegalArgumentException("--meta: " + value + " (expected: KEY=VALUE)");
					}
					settings.meta.put(value.substring(0, equals), value.substring(equals + 1));
				}
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		if (inputs.isEmpty()) {
			throw new IllegalArgumentException("--in: missing (expected: a results .jsonl, .json or .csv file)");
		}
		List<JsonNode> rows = new ArrayList<>();
		for (Path input : inputs) {
			rows.addAll(read(input));
		}
		List<JsonNode> jmh = new ArrayList<>();
		if (settings.jmh != null && Files.exists(settings.jmh)) {
			jmh.addAll(read(settings.jmh));
		}
		Path written = write(rows, jmh, settings);
		System.err.println("report: wrote " + written);
	}

	static List<JsonNode> read(Path input) throws IOException {
		String text = Files.readString(input, StandardCharsets.UTF_8);
		List<JsonNode> rows = new ArrayList<>();
		if (input.toString().endsWith(".csv")) {
			String[] lines = text.split("\r?\n");
			String[] header = lines[0].split(",", -1);
			for (int i = 1; i < lines.length; i++) {
				if (lines[i].isBlank()) {
					continue;
				}
				String[] cells = lines[i].split(",", -1);
				ObjectNode row = JsonMapper.shared().createObjectNode();
				for (int c = 0; c < header.length && c < cells.length; c++) {
					String cell = cells[c].trim();
					try {
						row.put(header[c].trim(), Double.parseDouble(cell));
					}
					catch (NumberFormatException ex) {
						row.put(header[c].trim(), cell);
					}
				}
				rows.add(row);
			}
			return rows;
		}
		if (text.stripLeading().startsWith("[")) {
			JsonMapper.shared().readTree(text).forEach(rows::add);
			return rows;
		}
		for (String line : text.split("\r?\n")) {
			if (!line.isBlank()) {
				rows.add(JsonMapper.shared().readTree(line));
			}
		}
		return rows;
	}

	static Path write(List<JsonNode> rows, List<JsonNode> jmh, Settings settings) throws IOException {
		Map<String, Map<String, Map<String, List<JsonNode>>>> scenarios = new LinkedHashMap<>();
		List<String> columns = new ArrayList<>();
		columns.add(settings.headline());
		for (JsonNode row : rows) {
			String column = column(row, settings);
			if (!columns.contains(column)) {
				columns.add(column);
			}
			scenarios.computeIfAbsent(text(row, settings.group, "all"), (k) -> new LinkedHashMap<>())
				.computeIfAbsent(text(row, settings.series, text(row, "url", "?")), (k) -> new LinkedHashMap<>())
				.computeIfAbsent(column, (k) -> new ArrayList<>())
				.add(row);
		}
		Path images = settings.outDir.resolve("benchmarks");
		Files.createDirectories(images);
		StringBuilder md = new StringBuilder();
		md.append("# ").append(settings.title).append("\n\n");
		if (settings.note != null) {
			md.append("> ").append(settings.note).append("\n\n");
		}
		md.append("Generated by `benchmarks/run.sh` (`loadgen report`) from ")
			.append(rows.size())
			.append(" measurements. ");
		md.append("Each cell is the **median** of the repetitions, with the range from min to max beside it; ");
		md.append("**ratio** is the peer's median divided by ").append(settings.baseline);
		md.append("'s median from the same run, so for throughput a ratio below 1 means ").append(settings.baseline);
		md.append(" is faster and for latency, set-up time and memory a ratio above 1 means ")
			.append(settings.baseline)
			.append(" is better.\n");
		if (!settings.meta.isEmpty()) {
			md.append("\n## Machine and run\n\n| | |\n|---|---|\n");
			settings.meta
				.forEach((key, value) -> md.append("| ").append(key).append(" | ").append(value).append(" |\n"));
		}
		if (settings.targets != null && Files.exists(settings.targets)) {
			targets(md, scenarios, columns, jmh, settings);
		}
		if (!jmh.isEmpty()) {
			jmh(md, jmh);
		}
		for (Path section : settings.sections) {
			md.append('\n').append(Files.readString(section, StandardCharsets.UTF_8).strip()).append('\n');
		}
		md.append("\n## Scenarios\n");
		for (Map.Entry<String, Map<String, Map<String, List<JsonNode>>>> scenario : scenarios.entrySet()) {
			scenario(md, images, scenario.getKey(), scenario.getValue(), columns, settings);
		}
		Path page = settings.outDir.resolve("benchmarks.md");
		Files.writeString(page, md, StandardCharsets.UTF_8);
		return page;
	}

	private static void scenario(StringBuilder md, Path images, String name,
			Map<String, Map<String, List<JsonNode>>> peers, List<String> allColumns, Settings settings)
			throws IOException {
		String headline = settings.headline();
		List<String> columns = new ArrayList<>();
		for (String column : allColumns) {
			if (peers.values().stream().anyMatch((byColumn) -> byColumn.containsKey(column))) {
				columns.add(column);
			}
		}
		if (!columns.contains(headline)) {
			columns.add(0, headline);
		}
		boolean split = columns.size() > 1;
		JsonNode first = peers.values().iterator().next().values().iterator().next().get(0);
		String metric = text(first, "metric", "rps");
		boolean higher = !"lower".equals(text(first, "better", "higher"));
		md.append("\n### ").append(name);
		String source = text(first, "source", null);
		if (source != null) {
			md.append(" (").append(source).append(")");
		}
		md.append("\n\n");
		String description = text(first, "description", null);
		md.append((description != null) ? description : describe(first)).append(" ");
		md.append("Metric: **").append(NAMES.getOrDefault(metric, metric)).append("**, ");
		md.append(higher ? "higher" : "lower").append(" is better; repetitions per peer: ");
		md.append(peers.values().iterator().next().values().iterator().next().size()).append(".");
		if (split) {
			md.append(" Columns without a suffix are ")
				.append(headline)
				.append("; a peer that does not run on ")
				.append("the JVM is measured once and shown there.");
		}
		md.append("\n\n");
		List<String> extras = new ArrayList<>();
		for (String column : EXTRA_COLUMNS) {
			if (!column.equals(metric) && peers.values()
				.stream()
				.flatMap((byColumn) -> byColumn.values().stream())
				.flatMap(List::stream)
				.anyMatch((r) -> r.has(column))) {
				extras.add(column);
			}
		}
		String unit = NAMES.getOrDefault(metric, metric);
		md.append("| ").append(settings.series).append(" | ").append(unit);
		if (split) {
			md.append(", ").append(headline);
		}
		md.append(" | min–max | ratio to ").append(settings.baseline);
		extras.forEach((column) -> md.append(" | ").append(NAMES.getOrDefault(column, column)));
		md.append(" | errors");
		for (String column : columns.subList(1, columns.size())) {
			md.append(" | ").append(unit).append(", ").append(column).append(" | ratio, ").append(column);
		}
		md.append(" |\n|---|---:|---:|---:");
		extras.forEach((column) -> md.append("|---:"));
		md.append("|---:");
		columns.subList(1, columns.size()).forEach((column) -> md.append("|---:|---:"));
		md.append("|\n");
		List<String> labels = new ArrayList<>();
		double[][] medians = new double[columns.size()][peers.size()];
		double[][] lows = new double[columns.size()][peers.size()];
		double[][] highs = new double[columns.size()][peers.size()];
		double[][] latency = new double[3][peers.size()];
		Map<String, List<JsonNode>> baselinePeer = peers.get(settings.baseline);
		int index = 0;
		boolean emptyRuns = false;
		for (Map.Entry<String, Map<String, List<JsonNode>>> peer : peers.entrySet()) {
			List<JsonNode> reps = peer.getValue().getOrDefault(headline, List.of());
			double[] values = values(reps, metric);
			double median = median(values);
			long errors = 0;
			long empty = 0;
			for (List<JsonNode> columnReps : peer.getValue().values()) {
				for (JsonNode rep : columnReps) {
					errors += (long) (number(rep, "errors") + number(rep, "non2xx") + number(rep, "timeouts"));
				}
			}
			for (JsonNode rep : reps) {
				empty += answeredNothing(rep) ? 1 : 0;
			}
			md.append("| ").append(peer.getKey());
			if (empty > 0) {
				md.append(" (").append(empty).append(" of ").append(reps.size()).append(" runs answered nothing)");
				emptyRuns = true;
			}
			md.append(" | ").append((values.length > 0) ? BarChart.format(median) : "–");
			md.append(" | ").append((values.length > 0) ? range(values) : "–");
			md.append(" | ")
				.append((values.length > 0) ? ratio(median, baselineMedian(baselinePeer, headline, metric)) : "–");
			for (String column : extras) {
				double[] extra = values(reps, column);
				md.append(" | ").append((extra.length > 0) ? BarChart.format(median(extra)) : "–");
			}
			md.append(" | ").append(errors);
			for (int c = 1; c < columns.size(); c++) {
				double[] other = values(peer.getValue().getOrDefault(columns.get(c), List.of()), metric);
				md.append(" | ").append((other.length > 0) ? BarChart.format(median(other)) : "–");
				md.append(" | ")
					.append((other.length > 0)
							? ratio(median(other), baselineMedian(baselinePeer, columns.get(c), metric)) : "–");
			}
			md.append(" |\n");
			labels.add(peer.getKey());
			for (int c = 0; c < columns.size(); c++) {
				double[] series = values(peer.getValue().getOrDefault(columns.get(c), List.of()), metric);
				medians[c][index] = (series.length > 0) ? median(series) : Double.NaN;
				lows[c][index] = (series.length > 0) ? Arrays.stream(series).min().orElse(0) : Double.NaN;
				highs[c][index] = (series.length > 0) ? Arrays.stream(series).max().orElse(0) : Double.NaN;
			}
			latency[0][index] = median(values(reps, "p50_us"));
			latency[1][index] = median(values(reps, "p99_us"));
			latency[2][index] = median(values(reps, "p999_us"));
			index++;
		}
		if (emptyRuns) {
			md.append("\nA run that answered nothing inside its measured window (in an open loop: the peer ")
				.append("never caught up with the rate) is left out of the median and the range.\n");
		}
		String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
		new BarChart(name + ": " + unit + (higher ? " (higher is better)" : " (lower is better)"), unit, labels,
				split ? columns : List.of("median"), medians, false, lows, highs)
			.write(images.resolve(slug + ".png"));
		md.append("\n![").append(name).append("](benchmarks/").append(slug).append(".png)\n");
		if ("p50_us".equals(metric)) {
			new BarChart(
					name + ": latency percentiles (medians of the repetitions" + (split ? ", " + headline : "") + ")",
					"µs", labels, List.of("p50", "p99", "p99.9"), latency, true, null, null)
				.write(images.resolve(slug + "-percentiles.png"));
			md.append("![").append(name).append(" percentiles](benchmarks/").append(slug).append("-percentiles.png)\n");
		}
	}

	private static String range(double[] values) {
		return BarChart.format(Arrays.stream(values).min().orElse(0)) + "–"
				+ BarChart.format(Arrays.stream(values).max().orElse(0));
	}

	private static Double baselineMedian(Map<String, List<JsonNode>> baseline, String column, String metric) {
		if (baseline == null || !baseline.containsKey(column)) {
			return null;
		}
		double[] values = values(baseline.get(column), metric);
		return (values.length > 0) ? median(values) : null;
	}

	/**
	 * The rows of a peer in one column; a peer measured once (not per JDK) counts in
	 * every column.
	 */
	private static List<JsonNode> rowsIn(Map<String, List<JsonNode>> peer, String column, String headline) {
		List<JsonNode> rows = peer.get(column);
		if (rows != null) {
			return rows;
		}
		List<JsonNode> once = peer.get(headline);
		return (peer.size() == 1 && once != null && !once.isEmpty()
				&& once.stream().allMatch((r) -> r.has("jdk") && "-".equals(text(r, "jdk", "")))) ? once : null;
	}

	private static void targets(StringBuilder md, Map<String, Map<String, Map<String, List<JsonNode>>>> scenarios,
			List<String> columns, List<JsonNode> jmh, Settings settings) throws IOException {
		String headline = settings.headline();
		List<String> others = columns.subList(1, columns.size());
		md.append("\n## Targets\n\nWhat the project aims for, checked against this run's medians");
		if (!others.isEmpty()) {
			md.append(" (")
				.append(headline)
				.append("; the last columns give the same ratio on ")
				.append(String.join(", ", others))
				.append(")");
		}
		md.append(". They are goals to optimize towards, not tests: nothing fails on them.\n\n");
		md.append("| target | ").append(settings.baseline).append(" | other | needed | actual | met |");
		others
			.forEach((column) -> md.append(" actual, ").append(column).append(" | met, ").append(column).append(" |"));
		md.append("\n|---|---:|---:|---:|---:|:---:|");
		others.forEach((column) -> md.append("---:|:---:|"));
		md.append("\n");
		String otherCells = " | –".repeat(others.size() * 2);
		for (String line : Files.readAllLines(settings.targets, StandardCharsets.UTF_8)) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			String[] cells = line.split(",", 4);
			String scenario = cells[0].trim();
			String other = cells[1].trim();
			double factor = Double.parseDouble(cells[2].trim());
			String description = (cells.length > 3) ? cells[3].trim() : line;
			if (scenario.equals("alloc")) {
				JsonNode bench = jmhBenchmark(jmh, other);
				double bytes = (bench != null) ? allocNorm(bench) : Double.NaN;
				md.append("| ").append(description).append(" | ");
				md.append(Double.isNaN(bytes) ? "not run" : BarChart.format(bytes) + " B").append(" | – | < ");
				md.append(BarChart.format(factor))
					.append(" B | – | ")
					.append(mark(!Double.isNaN(bytes), bytes < factor));
				md.append(otherCells).append(" |\n");
				continue;
			}
			Map<String, Map<String, List<JsonNode>>> peers = scenarios.get(scenario);
			md.append("| ").append(description).append(" | ");
			if (peers == null || !peers.containsKey(settings.baseline) || !peers.containsKey(other)) {
				md.append("not run | not run | – | – | –").append(otherCells).append(" |\n");
				continue;
			}
			List<JsonNode> theirRows = rowsIn(peers.get(other), headline, headline);
			List<JsonNode> ourRows = rowsIn(peers.get(settings.baseline), headline, headline);
			JsonNode first = peers.get(other).values().iterator().next().get(0);
			String metric = text(first, "metric", "rps");
			boolean higher = !"lower".equals(text(first, "better", "higher"));
			double ours = (ourRows != null) ? median(values(ourRows, metric)) : 0;
			double theirs = (theirRows != null) ? median(values(theirRows, metric)) : 0;
			double actual = (theirs != 0 && ours != 0) ? ours / theirs : Double.NaN;
			md.append(BarChart.format(ours)).append(" | ").append(other).append(": ").append(BarChart.format(theirs));
			md.append(" | ").append(higher ? "≥ " : "≤ ").append(String.format(Locale.ROOT, "%.2f×", factor));
			md.append(" | ").append(Double.isNaN(actual) ? "no data" : String.format(Locale.ROOT, "%.2f×", actual));
			md.append(" | ");
			md.append(mark(!Double.isNaN(actual), higher ? actual >= factor : actual <= factor));
			for (String column : others) {
				List<JsonNode> oursThere = rowsIn(peers.get(settings.baseline), column, headline);
				List<JsonNode> theirsThere = rowsIn(peers.get(other), column, headline);
				double a = (oursThere != null) ? median(values(oursThere, metric)) : 0;
				double b = (theirsThere != null) ? median(values(theirsThere, metric)) : 0;
				double ratio = (a != 0 && b != 0) ? a / b : Double.NaN;
				md.append(" | ").append(Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f×", ratio));
				md.append(" | ")
					.append(Double.isNaN(ratio) ? "–" : mark(true, higher ? ratio >= factor : ratio <= factor));
			}
			md.append(" |\n");
		}
	}

	/**
	 * The JMH benchmark a target names: {@code Class.method}, optionally with parameters,
	 * {@code HttpPipelineBenchmark.sum[metrics=on]}.
	 */
	private static JsonNode jmhBenchmark(List<JsonNode> jmh, String spec) {
		String name = spec;
		Map<String, String> params = new LinkedHashMap<>();
		int bracket = spec.indexOf('[');
		if (bracket > 0 && spec.endsWith("]")) {
			name = spec.substring(0, bracket);
			for (String pair : spec.substring(bracket + 1, spec.length() - 1).split(";")) {
				String[] kv = pair.split("=", 2);
				params.put(kv[0].trim(), (kv.length > 1) ? kv[1].trim() : "");
			}
		}
		String suffix = name;
		return jmh.stream()
			.filter((b) -> text(b, "benchmark", "").endsWith(suffix))
			.filter((b) -> params.entrySet()
				.stream()
				.allMatch((p) -> p.getValue().equals(text(b.path("params"), p.getKey(), null))))
			.findFirst()
			.orElse(null);
	}

	private static String column(JsonNode row, Settings settings) {
		if (settings.column == null) {
			return settings.headline();
		}
		String value = text(row, settings.column, null);
		return (value == null || value.equals("-")) ? settings.headline() : value;
	}

	private static String mark(boolean known, boolean met) {
		return !known ? "?" : met ? "yes" : "**no**";
	}

	private static void jmh(StringBuilder md, List<JsonNode> jmh) {
		md.append("\n## Hot path (JMH)\n\n");
		md.append("`benchmarks/jmh`: bytes in → parse → dispatch → encode → bytes out in one thread, with ");
		md.append("JMH's GC profiler; allocation is per call (the batch benchmark counts each of its 100 ");
		md.append("calls as one operation). `metrics=on` is ujrpc as an app with Actuator and the Prometheus ");
		md.append("registry runs it (the starter's meter handler in a Micrometer observation registry, and its ");
		md.append("server meters); `off` is without Micrometer.\n\n");
		md.append("| benchmark | params | time per call | ± | allocated per call |\n|---|---|---:|---:|---:|\n");
		for (JsonNode bench : jmh) {
			String name = text(bench, "benchmark", "?");
			name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
			JsonNode primary = bench.path("primaryMetric");
			StringBuilder params = new StringBuilder();
			bench.path("params")
				.properties()
				.forEach((e) -> params.append(e.getKey()).append('=').append(e.getValue().asString()).append(' '));
			md.append("| ").append(name).append(" | ").append(params.toString().trim()).append(" | ");
			md.append(BarChart.format(number(primary, "score"))).append(' ').append(text(primary, "scoreUnit", ""));
			double error = number(primary, "scoreError");
			md.append(" | ").append((error > 0) ? BarChart.format(error) : "–");
			double alloc = allocNorm(bench);
			md.append(" | ").append(Double.isNaN(alloc) ? "–" : BarChart.format(alloc) + " B").append(" |\n");
		}
	}

	private static double allocNorm(JsonNode bench) {
		JsonNode norm = bench.path("secondaryMetrics").path("gc.alloc.rate.norm");
		return norm.isMissingNode() ? Double.NaN : number(norm, "score");
	}

	private static String ratio(double median, Double baseline) {
		if (baseline == null || baseline == 0) {
			return "–";
		}
		return String.format(Locale.ROOT, "%.2f", median / baseline);
	}

	/**
	 * The values of one column over the repetitions, leaving out runs that answered
	 * nothing: their latencies and rates are not measurements (an open loop that never
	 * caught up), which the {@code errors} and {@code unsent} columns show instead.
	 */
	private static double[] values(List<JsonNode> reps, String key) {
		return reps.stream()
			.filter((r) -> r.has(key))
			.filter((r) -> key.equals("unsent") || key.equals("open_at_end") || !answeredNothing(r))
			.mapToDouble((r) -> number(r, key))
			.toArray();
	}

	private static boolean answeredNothing(JsonNode row) {
		return row.has("requests") && number(row, "requests") == 0;
	}

	static double median(double[] values) {
		if (values.length == 0) {
			return 0;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private static String describe(JsonNode row) {
		String mode = text(row, "mode", "?");
		return String.format(Locale.ROOT, "%s loop, %s connections, pipeline %s%s, %s s measured.",
				mode.equals("open") ? "Open" : "Closed", BarChart.format(number(row, "connections")),
				BarChart.format(number(row, "pipeline")),
				row.path("new_connection").asBoolean(false) ? ", a new connection per request" : "",
				BarChart.format(number(row, "duration_s")));
	}

	private static String text(JsonNode row, String key, String fallback) {
		JsonNode value = row.get(key);
		return (value == null || value.isNull()) ? fallback : value.asString();
	}

	private static double number(JsonNode row, String key) {
		JsonNode value = row.get(key);
		return (value != null && value.isNumber()) ? value.doubleValue() : 0;
	}

	/** The command line. */
	static final class Settings {

		Path outDir = Path.of("docs");

		String title = "Benchmarks";

		String group = "scenario";

		String series = "peer";

		String baseline = "ujrpc";

		String note;

		Path targets;

		Path jmh;

		/** The key whose values split a peer's rows into columns, or {@code null}. */
		String column;

		/** The column shown in full and checked against the targets. */
		String headline;

		final List<Path> sections = new ArrayList<>();

		final Map<String, String> meta = new LinkedHashMap<>();

		String headline() {
			return (this.headline != null) ? this.headline : "";
		}

	}

}
