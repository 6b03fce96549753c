import AWS
import Engine

/// Opens what a user named as input — local files, a lake, `s3://` objects and prefixes — as one
/// ``EventSource``, so that every command that reads files reads S3 the same way.
enum InputSources {
    static func open(_ paths: [String], window: TimeWindow = .all, aws: AWSOptions) throws -> EventSource {
        guard paths.contains(where: { S3Inputs.parse($0) != nil }) else {
            return try EventSources.open(paths, window: window)
        }
        let client = S3Client(settings: try aws.settings())
        let ingestor = Ingestor()
        var opened: OpenedInputs? = nil
        for path in paths {
            let next: OpenedInputs
            if S3Inputs.parse(path) != nil {
                next = try ingestor.open(try S3Inputs.open(path, client: client, window: window))
            } else if Lake.isLake(path) {
                throw IngestError.cannotOpen(
                    path: path, reason: "a lake is read alone: name one lake, or files (ingest the files into it first)"
                )
            } else {
                next = try ingestor.open([path])
            }
            opened = opened.map { $0 + next } ?? next
        }
        return FileSource(inputs: opened!, ingestor: ingestor)
    }
}
