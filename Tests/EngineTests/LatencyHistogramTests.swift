import Testing

@testable import Engine

/// The latency histogram against exact percentiles of the same samples.
@Suite("Latency histogram")
struct LatencyHistogramTests {
    @Test("percentiles within 1.6 % of the exact ones, the maximum exact, from 1 µs to an hour")
    func percentiles() {
        var rng = SeededRandom(seed: 9)
        var histogram = LatencyHistogram()
        var samples: [Double] = []
        for _ in 0..<200_000 {
            // Log-uniform from 0.001 ms to an hour: every magnitude the buckets cover.
            let ms = _exp(rng.unit() * 22 - 7)
            samples.append(ms)
            histogram.record(milliseconds: ms)
        }
        samples.sort()
        #expect(histogram.count == samples.count)
        #expect(histogram.maxMilliseconds == samples.last)
        for p in [0.01, 0.1, 0.5, 0.9, 0.99, 0.999, 1.0] {
            let exact = samples[max(0, Int((p * Double(samples.count)).rounded(.up)) - 1)]
            let got = histogram.percentile(p)
            #expect(got >= exact - 0.0005, "p\(p): \(got) < \(exact)")
            #expect(got <= exact * 1.016 + 0.001, "p\(p): \(got) vs \(exact)")
        }
    }

    @Test("every value falls in a bucket whose bounds hold it, buckets in order")
    func buckets() {
        var previous = -1
        for v: UInt64 in [0, 1, 63, 64, 127, 128, 129, 255, 256, 1000, 123_456, 1 << 40, UInt64.max >> 1] {
            let i = LatencyHistogram.index(v)
            #expect(i >= previous)
            #expect(LatencyHistogram.upperBound(i) >= v)
            if i > 0 { #expect(LatencyHistogram.upperBound(i - 1) < v) }
            previous = i
        }
        #expect(LatencyHistogram().percentile(0.5) == 0)
    }
}
