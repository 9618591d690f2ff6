package com.billingengine.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.text.NumberFormat;
import java.util.Locale;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;

/**
 * The report's charts: JFreeChart drawn onto JFreeSVG's Graphics2D, so each chart is SVG text inlined in the page
 * (labels stay text, nothing is fetched). Horizontal bars, so long customer names stay readable.
 */
final class ReportCharts {

    static final int WIDTH = 1100;
    private static final Color[] PALETTE = {new Color(0x2f6db5), new Color(0xe08a1e), new Color(0x3a9a5b),
            new Color(0xc0392b), new Color(0x7d5ba6), new Color(0x8c6d46), new Color(0xd35fa3), new Color(0x6f7c85),
            new Color(0xb5b82f), new Color(0x1fa3b5), new Color(0x9ac0e8), new Color(0xf3c27d)};

    private ReportCharts() {
    }

    /** Grouped horizontal bars: one group per category (customer), one bar per series. */
    static String bars(String id, DefaultCategoryDataset data, String valueLabel) {
        return svg(id, ChartFactory.createBarChart(null, null, valueLabel, data, PlotOrientation.HORIZONTAL, true,
                false, false), data);
    }

    /** Stacked horizontal bars: one bar per category, one segment per series; negatives stack left of zero. */
    static String stacked(String id, DefaultCategoryDataset data, String valueLabel) {
        return svg(id, ChartFactory.createStackedBarChart(null, null, valueLabel, data, PlotOrientation.HORIZONTAL,
                true, false, false), data);
    }

    private static String svg(String id, JFreeChart chart, DefaultCategoryDataset data) {
        theme().apply(chart);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(new Color(0xd0d4d9));
        plot.setRangeGridlineStroke(new BasicStroke(0.6f));
        plot.setRangeZeroBaselineVisible(true);
        CategoryAxis categories = plot.getDomainAxis();
        categories.setMaximumCategoryLabelWidthRatio(0.35f);
        categories.setCategoryMargin(0.25);
        NumberAxis values = (NumberAxis) plot.getRangeAxis();
        values.setNumberFormatOverride(NumberFormat.getNumberInstance(Locale.US));
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        for (int i = 0; i < data.getRowCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.TOP);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);

        int barsPerCategory = chart.getCategoryPlot().getRenderer() instanceof org.jfree.chart.renderer.category.StackedBarRenderer
                ? 1 : Math.max(1, data.getRowCount());
        int height = 90 + data.getColumnCount() * (14 * barsPerCategory + 18);
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, height);
        g.setDefsKeyPrefix(id); // several charts on one page: their clip-path ids must not collide
        chart.draw(g, new Rectangle(0, 0, WIDTH, height));
        return g.getSVGElement(id);
    }

    private static StandardChartTheme theme() {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        theme.setLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        theme.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        return theme;
    }
}
