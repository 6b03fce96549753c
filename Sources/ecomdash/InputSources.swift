import AWS
import Engine

/// Opens what a user named as input — local files, a lake, `s3://` objects and prefixes — as one
/// ``EventSource``, so that every command that reads files reads S3 the same way.
enum InputSources {
    static func open(_ paths: [String], window: TimeWindow = .all, aws: AWSOptions) throws -> EventSource {
        guard paths.contains(where: { S3Inputs.parse($0) != nil }) else {
            return try EventSources.open(paths, window: window)
        }
        if let lake = paths.first(where: Lake.isLake) {
            throw IngestError.cannotOpen(
                path: lake, reason: "a lake is read alone: name one lake, or files (ingest the files into it first)")
        }
        let ingestor = Ingestor()
        return FileSource(inputs: try text(paths, window: window, aws: aws, ingestor: ingestor), ingestor: ingestor)
    }

    /// The paths as text streams, their headers checked: local files (a lake as its CSV rows) and
    /// S3 objects, in the order named — what `replay` and `ingest` read.
    static func text(
        _ paths: [String], window: TimeWindow = .all, aws: AWSOptions, ingestor: Ingestor = Ingestor()
    ) throws -> OpenedInputs {
        var client: S3Client? = nil
        var opened: OpenedInputs? = nil
        for path in paths {
            let next: OpenedInputs
            if S3Inputs.parse(path) != nil {
                if client == nil { client = S3Client(settings: try aws.settings()) }
                next = try ingestor.open(
                    try S3Inputs.open(path, client: client!, window: window).map { ($0.input, $0.partition) })
            } else {
                next = try ingestor.open([path])
            }
            opened = opened.map { $0 + next } ?? next
        }
        if let opened { return opened }
        return try ingestor.open([String]())
    }
}
