import Foundation

/// Inline SVG charts for the HTML report: bars over labelled x values with a y scale, and heat
/// maps. Pure functions of their numbers, so the page needs no script and no external resource.
enum SVGChart {
    /// Vertical bars, one per value; x labels thinned to as many as fit; the y axis from 0 to the
    /// largest value at gridlines of a round step, labelled by `format`.
    static func bars(
        _ values: [Double], labels: [String], title: String, format: (Double) -> String, width: Int = 760,
        height: Int = 220
    ) -> String {
        let left = 64
        let bottom = 36
        let top = 12
        let plotWidth = width - left - 8
        let plotHeight = height - top - bottom
        // Gridlines at a round step (1, 2 or 5 × 10^k) with the largest value under the top one.
        let step = niceStep((values.max() ?? 0) / 3)
        let lines = max(1, Int(((values.max() ?? 0) / step).rounded(.up)))
        let maximum = step * Double(lines)
        var svg =
            "<svg role=\"img\" aria-label=\"\(HTML.escape(title))\" viewBox=\"0 0 \(width) \(height)\" "
            + "width=\"\(width)\" height=\"\(height)\">"
        for k in 0...lines {
            let y = top + plotHeight - plotHeight * k / lines
            svg += "<line x1=\"\(left)\" x2=\"\(width - 8)\" y1=\"\(y)\" y2=\"\(y)\" class=\"grid\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(y + 4)\" text-anchor=\"end\" class=\"axis\">"
            svg += HTML.escape(format(step * Double(k))) + "</text>"
        }
        let n = max(values.count, 1)
        let slot = Double(plotWidth) / Double(n)
        let every = max(1, Int((Double(n) * 64 / Double(plotWidth)).rounded(.up)))
        for (i, v) in values.enumerated() {
            let h = Double(plotHeight) * v / maximum
            let x = Double(left) + Double(i) * slot
            svg += String(
                format:
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"bar\"><title>%@</title></rect>",
                x + slot * 0.1, Double(top + plotHeight) - h, max(slot * 0.8, 0.5), h,
                HTML.escape("\(labels[i]): \(format(v))"))
            if i % every == 0 {
                svg += String(
                    format: "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">%@</text>",
                    x + slot / 2, top + plotHeight + 16, HTML.escape(labels[i]))
            }
        }
        return svg + "</svg>"
    }

    /// The smallest of 1, 2, 5 × 10^k at or above `raw` (1 for nothing to show).
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0 else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for m in [1.0, 2, 5, 10] where m * magnitude >= raw * (1 - 1e-12) { return m * magnitude }
        return 10 * magnitude
    }

    /// A heat map: one row per label, one column per `columns` label; shade by value.
    static func heatmap(_ rows: [(label: String, values: [Double])], columns: [String], title: String) -> String {
        let left = 190
        let cell = 24
        let width = left + cell * columns.count + 8
        let height = 22 + cell * rows.count
        let maximum = max(rows.flatMap(\.values).max() ?? 0, 1e-9)
        var svg =
            "<svg role=\"img\" aria-label=\"\(HTML.escape(title))\" viewBox=\"0 0 \(width) \(height)\" "
            + "width=\"\(width)\" height=\"\(height)\">"
        for (j, c) in columns.enumerated() {
            svg += "<text x=\"\(left + j * cell + cell / 2)\" y=\"14\" text-anchor=\"middle\" class=\"axis\">"
            svg += HTML.escape(c) + "</text>"
        }
        for (i, row) in rows.enumerated() {
            let y = 20 + i * cell
            svg += "<text x=\"\(left - 6)\" y=\"\(y + 16)\" text-anchor=\"end\" class=\"axis\">"
            svg += HTML.escape(String(row.label.prefix(28))) + "</text>"
            for (j, v) in row.values.enumerated() {
                let shade = String(format: "%.2f", 0.08 + 0.92 * v / maximum)
                svg += "<rect x=\"\(left + j * cell)\" y=\"\(y)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" "
                svg += "class=\"heat\" fill-opacity=\"\(shade)\"><title>"
                svg += HTML.escape("\(row.label), \(columns[j]): \(Int(v))") + "</title></rect>"
            }
        }
        return svg + "</svg>"
    }
}

/// Text made safe inside HTML elements and attributes.
enum HTML {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
