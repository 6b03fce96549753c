import AWS
import ArgumentParser
import Engine
import Report

// Option values as types: `--help` lists each option's choices, shell completion offers them, and a
// wrong value is refused with the list, by the argument parser, before anything runs.

/// `report --format`.
enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case table, csv, json, html
}

/// `--window-time`: what a burst window's time is.
extension BurstClock: ExpressibleByArgument {}
extension CSVSection: ExpressibleByArgument {}
extension ActivityMetric: ExpressibleByArgument {}
extension PartitionKey: ExpressibleByArgument {}
extension ParquetCompression: ExpressibleByArgument {}
extension KinesisProducer.Format: ExpressibleByArgument {}
