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
enum WindowTime: String, CaseIterable, ExpressibleByArgument {
    /// The event's own time (event_time).
    case event
    /// When ecomdash's shard log stored the record.
    case arrival
    /// The record's txn_timestamp: when the tutorial's simulator sent it.
    case txn
}

extension CSVSection: ExpressibleByArgument {}
extension ActivityMetric: ExpressibleByArgument {}
extension PartitionKey: ExpressibleByArgument {}
extension ParquetCompression: ExpressibleByArgument {}
extension KinesisProducer.Format: ExpressibleByArgument {}
