/// A lake's rows as the dataset's CSV text, segment after segment in landing order: what lets any
/// command that reads files read a lake too — `replay LAKE` puts its rows on a stream, `ingest LAKE`
/// copies it. (`report` and the dashboard read a lake directly, without text.)
final class LakeCSVSource: ByteSource {
    private let lake: Lake
    private let segments: [LakeManifest.Segment]
    private let dictionaries: DictionaryEntries
    private let odd: [Key128: [UInt8]]
    private var next = 0
    private var rows = EncodedRows()
    private var file: [UInt8] = []
    private var buffer: [UInt8]
    private var offset = 0
    private(set) var consumed: Int64 = 0
    let warning: String? = nil

    init(lake: Lake) throws {
        self.lake = lake
        segments = lake.manifest.segments
        dictionaries = try LakeDictionaryFiles(lake: lake.path).read(
            bytes: lake.manifest.dictionaryBytes, counts: lake.manifest.dictionaries, sessionKeys: true)
        odd = Dictionary(dictionaries.oddSessions.map { ($0.key, $0.text) }, uniquingKeysWith: { a, _ in a })
        buffer = Array((EventSchema.headerLine + "\n").utf8)
    }

    func read(into target: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        while offset == buffer.count {
            guard next < segments.count else { return 0 }
            try lake.readSegment(segments[next], into: &rows, file: &file)
            consumed += Int64(segments[next].bytes)
            next += 1
            format()
        }
        let n = min(count, buffer.count - offset)
        buffer.withUnsafeBufferPointer { target.update(from: $0.baseAddress! + offset, count: n) }
        offset += n
        return n
    }

    /// The decoded segment's rows as CSV lines, in `buffer`.
    private func format() {
        buffer.removeAll(keepingCapacity: true)
        offset = 0
        let e = dictionaries
        func field(_ bytes: [UInt8]) {
            if bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                buffer.append(contentsOf: CSVField.quoted(String(decoding: bytes, as: UTF8.self)).utf8)
            } else {
                buffer.append(contentsOf: bytes)
            }
        }
        for i in 0..<rows.count {
            buffer.append(contentsOf: UTCCalendar.datasetString(seconds: Int64(rows.time[i])).utf8)
            buffer.append(0x2C)
            buffer.append(contentsOf: (EventType(rawValue: rows.type[i])?.name ?? "view").utf8)
            buffer.append(0x2C)
            buffer.append(contentsOf: String(e.products[Int(rows.product[i])]).utf8)
            buffer.append(0x2C)
            let category = e.categories[Int(rows.category[i])]
            buffer.append(contentsOf: String(category.id).utf8)
            buffer.append(0x2C)
            if category.code > 0 { field(e.categoryCodes[Int(category.code) - 1]) }
            buffer.append(0x2C)
            if rows.brand[i] > 0 { field(e.brands[Int(rows.brand[i]) - 1]) }
            buffer.append(0x2C)
            let cents = rows.price[i]
            buffer.append(contentsOf: "\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)".utf8)
            buffer.append(0x2C)
            buffer.append(contentsOf: String(e.users[Int(rows.user[i])]).utf8)
            buffer.append(0x2C)
            let session = rows.session[i]
            if session > 0 { field(SessionSpelling.text(of: e.sessions[Int(session) - 1], odd: odd)) }
            buffer.append(0x0A)
        }
    }
}
