//! A few lines of hand-written SVG: a canvas mapping data coordinates to pixels, with rectangles,
//! lines, polylines, circles and text. Enough for the suite's three plot kinds without a plotting
//! dependency or a font stack (SVG text is rendered by the viewer).

use std::fmt::Write as _;

/// An SVG document with a data-to-pixel mapping for its plot area.
pub struct Canvas {
    body: String,
    width: f64,
    height: f64,
    margin: f64,
    x_range: (f64, f64),
    y_range: (f64, f64),
}

impl Canvas {
    /// A `width` x `height` px canvas whose plot area shows `x_range` x `y_range` (y up).
    pub fn new(width: f64, height: f64, x_range: (f64, f64), y_range: (f64, f64)) -> Self {
        let widen = |(a, b): (f64, f64)| if (b - a).abs() > 1e-12 && a.is_finite() && b.is_finite() { (a, b) } else { (a - 0.5, a + 0.5) };
        Canvas { body: String::new(), width, height, margin: 50.0, x_range: widen(x_range), y_range: widen(y_range) }
    }

    /// Pixel position of a data point.
    pub fn px(&self, x: f64, y: f64) -> (f64, f64) {
        let fx = (x - self.x_range.0) / (self.x_range.1 - self.x_range.0);
        let fy = (y - self.y_range.0) / (self.y_range.1 - self.y_range.0);
        (self.margin + fx * (self.width - 2.0 * self.margin), self.height - self.margin - fy * (self.height - 2.0 * self.margin))
    }

    /// A filled rectangle between two data corners.
    pub fn rect(&mut self, (x0, y0): (f64, f64), (x1, y1): (f64, f64), fill: &str, opacity: f64) {
        let (a, b) = (self.px(x0, y0), self.px(x1, y1));
        let _ = writeln!(self.body, r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{fill}" fill-opacity="{opacity:.2}"/>"#, a.0.min(b.0), a.1.min(b.1), (a.0 - b.0).abs(), (a.1 - b.1).abs());
    }

    /// A polyline through data points.
    pub fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, width: f64) {
        let list: Vec<String> = points.iter().filter(|p| p.0.is_finite() && p.1.is_finite()).map(|&(x, y)| {
            let p = self.px(x, y);
            format!("{:.1},{:.1}", p.0, p.1)
        }).collect();
        let _ = writeln!(self.body, r#"<polyline points="{}" fill="none" stroke="{stroke}" stroke-width="{width}" stroke-opacity="0.8"/>"#, list.join(" "));
    }

    /// A circle of data radius `r` (x units) or of pixel radius `r_px` when `r` is None.
    pub fn circle(&mut self, (x, y): (f64, f64), r: Option<f64>, r_px: f64, stroke: &str, fill: &str) {
        let c = self.px(x, y);
        let radius = r.map_or(r_px, |r| (self.px(x + r, y).0 - c.0).abs());
        let _ = writeln!(self.body, r#"<circle cx="{:.1}" cy="{:.1}" r="{radius:.1}" stroke="{stroke}" fill="{fill}" fill-opacity="0.6"/>"#, c.0, c.1);
    }

    /// Text at a pixel position.
    pub fn text_px(&mut self, x: f64, y: f64, text: &str, size: f64) {
        let escaped = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        let _ = writeln!(self.body, r#"<text x="{x:.1}" y="{y:.1}" font-family="sans-serif" font-size="{size}">{escaped}</text>"#);
    }

    /// A frame around the plot area with the range labels, a title and axis names.
    pub fn axes(&mut self, title: &str, x_label: &str, y_label: &str) {
        let (l, r, t, b) = (self.margin, self.width - self.margin, self.margin, self.height - self.margin);
        let _ = writeln!(self.body, r#"<rect x="{l}" y="{t}" width="{}" height="{}" fill="none" stroke="black"/>"#, r - l, b - t);
        let (x0, x1, y0, y1) = (self.x_range.0, self.x_range.1, self.y_range.0, self.y_range.1);
        self.text_px(l, b + 15.0, &format!("{x0:.3}"), 10.0);
        self.text_px(r - 30.0, b + 15.0, &format!("{x1:.3}"), 10.0);
        self.text_px(4.0, b, &format!("{y0:.3}"), 10.0);
        self.text_px(4.0, t + 10.0, &format!("{y1:.3}"), 10.0);
        self.text_px(l, 20.0, title, 13.0);
        self.text_px(0.5 * (l + r) - 40.0, self.height - 12.0, x_label, 11.0);
        self.text_px(4.0, t - 8.0, y_label, 11.0);
    }

    /// The finished document.
    pub fn finish(self) -> String {
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{}</svg>\n", self.width, self.height, self.width, self.height, self.body)
    }
}
