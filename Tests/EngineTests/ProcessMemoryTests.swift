import Foundation
import Testing

@testable import Engine

/// Memory a fold frees stays resident in malloc's arenas until it is given back: the dashboard
/// gives it back now and then (``ProcessMemory``).
@Suite("Process memory")
struct ProcessMemoryTests {
    /// Resident bytes of this process, from /proc/self/statm.
    static func resident() throws -> Int {
        let fields = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8).split(separator: " ")
        return Int(fields[1])! * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test("memory freed between live pieces stays resident until released, then is given back")
    func release() throws {
        // 512 MB in 64 KB pieces, from an arena (below the mmap threshold); every other piece is
        // freed, so no freed piece borders another or the arena's top and glibc keeps them all.
        let size = 64 << 10
        var pieces: [UnsafeMutableRawPointer] = []
        for _ in 0..<8_192 {
            let p = malloc(size)!
            memset(p, 1, size)
            pieces.append(p)
        }
        defer { for p in pieces.enumerated() where p.offset % 2 == 1 { free(p.element) } }
        for p in pieces.enumerated() where p.offset % 2 == 0 { free(p.element) }
        let freed = try Self.resident()
        ProcessMemory.releaseFree()
        let released = try Self.resident()
        // About 240 MB of whole pages come back; half that, as other tests allocate meanwhile.
        #expect(freed - released > 120 << 20, "free alone kept it: \(freed >> 20) MB, released \(released >> 20)")
    }
}
