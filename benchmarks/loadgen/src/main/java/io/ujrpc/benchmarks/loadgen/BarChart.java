package io.ujrpc.benchmarks.loadgen;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * A horizontal bar chart drawn with Java2D: one group of bars per category, one bar per
 * series, the value written at the end of each bar.
 *
 * @param title the title
 * @param unit the unit of the values, shown on the axis
 * @param categories the category names, top to bottom
 * @param series the series names (a legend is drawn when there is more than one)
 * @param values {@code values[series][category]}
 * @param logScale whether the axis is logarithmic (for latencies that span decades)
 * @param low the lower end of each bar's whisker (e.g. the minimum of the repetitions),
 * {@code null} for none
 * @param high the upper end of each bar's whisker, {@code null} for none
 */
record BarChart(String title, String unit, List<String> categories, List<String> series, double[][] values,
		boolean logScale, double[][] low, double[][] high) {

	BarChart(String title, String unit, List<String> categories, List<String> series, double[][] values,
			boolean logScale) {
		this(title, unit, categories, series, values, logScale, null, null);
	}

	private static final Color[] COLORS = { new Color(0x4C78A8), new Color(0xF58518), new Color(0x54A24B),
			new Color(0xE45756), new Color(0x72B7B2), new Color(0xB279A2) };

	private static final int WIDTH = 960;

	private static final int BAR = 22;

	private static final int GAP = 14;

	private static final int TOP = 64;

	private static final int BOTTOM = 48;

	void write(Path file) throws IOException {
		int groupHeight = this.series.size() * BAR + GAP;
		int height = TOP + this.categories.size() * groupHeight + BOTTOM;
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, WIDTH, height);
			draw(g, height, groupHeight);
		}
		finally {
			g.dispose();
		}
		ImageIO.write(image, "png", file.toFile());
	}

	private void draw(Graphics2D g, int height, int groupHeight) {
		Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
		g.setColor(Color.BLACK);
		g.drawString(this.title, 16, 26);
		g.setFont(plain);
		FontMetrics metrics = g.getFontMetrics();
		int left = 16 + this.categories.stream().mapToInt(metrics::stringWidth).max().orElse(0) + 12;
		int right = WIDTH - 90;
		double max = 0;
		for (double[] row : (this.high != null) ? this.high : this.values) {
			for (double value : row) {
				max = Double.isNaN(value) ? max : Math.max(max, value);
			}
		}
		for (double[] row : this.values) {
			for (double value : row) {
				max = Double.isNaN(value) ? max : Math.max(max, value);
			}
		}
		Axis axis = this.logScale ? Axis.log(this.values, max) : Axis.linear(max);
		int plotBottom = height - BOTTOM;
		// grid and axis labels
		g.setStroke(new BasicStroke(1));
		for (double tick : axis.ticks()) {
			int x = left + (int) Math.round((right - left) * axis.fraction(tick));
			g.setColor(new Color(0xDDDDDD));
			g.drawLine(x, TOP - 8, x, plotBottom);
			g.setColor(Color.DARK_GRAY);
			String label = format(tick);
			g.drawString(label, x - metrics.stringWidth(label) / 2, plotBottom + 18);
		}
		g.drawString(this.unit + (this.logScale ? " (log scale)" : ""),
				right - metrics.stringWidth(this.unit) / 2 + 40 - (this.logScale ? 60 : 0), plotBottom + 36);
		// bars
		for (int c = 0; c < this.categories.size(); c++) {
			int groupTop = TOP + c * groupHeight;
			g.setColor(Color.BLACK);
			String category = this.categories.get(c);
			int labelY = groupTop + (this.series.size() * BAR) / 2 + metrics.getAscent() / 2 - 2;
			g.drawString(category, left - 12 - metrics.stringWidth(category), labelY);
			for (int s = 0; s < this.series.size(); s++) {
				double value = this.values[s][c];
				if (Double.isNaN(value)) {
					// not measured in this series (a peer that runs once, not per JDK)
					continue;
				}
				int y = groupTop + s * BAR;
				int width = (int) Math.round((right - left) * axis.fraction(value));
				g.setColor(COLORS[s % COLORS.length]);
				g.fillRect(left, y + 2, Math.max(width, 1), BAR - 4);
				g.setColor(Color.BLACK);
				int labelX = left + width + 6;
				if (this.low != null && this.high != null) {
					int from = left + (int) Math.round((right - left) * axis.fraction(this.low[s][c]));
					int to = left + (int) Math.round((right - left) * axis.fraction(this.high[s][c]));
					int middle = y + BAR / 2;
					g.drawLine(from, middle, to, middle);
					g.drawLine(from, middle - 4, from, middle + 4);
					g.drawLine(to, middle - 4, to, middle + 4);
					labelX = Math.max(labelX, to + 6);
				}
				g.drawString(format(value), labelX, y + BAR / 2 + metrics.getAscent() / 2 - 2);
			}
		}
		g.setColor(Color.GRAY);
		g.drawLine(left, TOP - 8, left, plotBottom);
		if (this.series.size() > 1) {
			int x = left;
			for (int s = 0; s < this.series.size(); s++) {
				g.setColor(COLORS[s % COLORS.length]);
				g.fillRect(x, 38, 12, 12);
				g.setColor(Color.BLACK);
				g.drawString(this.series.get(s), x + 16, 49);
				x += 16 + metrics.stringWidth(this.series.get(s)) + 20;
			}
		}
	}

	/** Maps values to a fraction of the plot width. */
	private record Axis(double min, double max, boolean log, List<Double> ticks) {

		static Axis linear(double max) {
			double step = niceStep(max / 5);
			double top = Math.max(step, Math.ceil(max / step) * step);
			List<Double> ticks = new java.util.ArrayList<>();
			for (int i = 0; i * step <= top + step / 2; i++) {
				ticks.add(i * step);
			}
			return new Axis(0, top, false, ticks);
		}

		static Axis log(double[][] values, double max) {
			double min = Double.MAX_VALUE;
			for (double[] row : values) {
				for (double value : row) {
					if (value > 0) {
						min = Math.min(min, value);
					}
				}
			}
			double low = Math.pow(10, Math.floor(Math.log10((min == Double.MAX_VALUE) ? 1 : min)));
			double high = Math.pow(10, Math.ceil(Math.log10(Math.max(max, low * 10))));
			List<Double> ticks = new java.util.ArrayList<>();
			for (double tick = low; tick <= high * 1.001; tick *= 10) {
				ticks.add(tick);
			}
			return new Axis(low, high, true, ticks);
		}

		double fraction(double value) {
			if (!this.log) {
				return value / this.max;
			}
			if (value <= this.min) {
				return 0;
			}
			return Math.log10(value / this.min) / Math.log10(this.max / this.min);
		}

	}

	static double niceStep(double rough) {
		if (rough <= 0) {
			return 1;
		}
		double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
		double fraction = rough / magnitude;
		double nice = (fraction <= 1) ? 1 : (fraction <= 2) ? 2 : (fraction <= 2.5) ? 2.5 : (fraction <= 5) ? 5 : 10;
		return nice * magnitude;
	}

	static String format(double value) {
		if (value >= 100 || value == Math.rint(value)) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, "%.1f", value);
	}

}
