import CIsal
import CSupport
import Testing

/// Known answers for the checksums ecomdash relies on: CRC-32C (shard-log records), in both its
/// hardware and its table form, and CRC-32 (zip entries, gzip members) as ISA-L computes it.
@Suite("Checksums")
struct ChecksumTests {
    private func crc32c(_ bytes: [UInt8], hardware: Bool) -> UInt32 {
        bytes.withUnsafeBufferPointer { b in
            hardware
                ? ecomdash_crc32c(0, b.baseAddress, b.count)
                : ecomdash_crc32c_soft(0, b.baseAddress, b.count)
        }
    }

    /// "123456789" is the check value of every CRC catalogue; the other three are RFC 3720's
    /// (iSCSI) vectors.
    @Test("CRC-32C known answers, hardware and table alike", arguments: [true, false])
    func crc32cKnownAnswers(hardware: Bool) {
        #expect(crc32c(Array("123456789".utf8), hardware: hardware) == 0xE306_9283)
        #expect(crc32c([UInt8](repeating: 0, count: 32), hardware: hardware) == 0x8A91_36AA)
        #expect(crc32c([UInt8](repeating: 0xFF, count: 32), hardware: hardware) == 0x62A8_AB43)
        #expect(crc32c((0..<32).map { UInt8($0) }, hardware: hardware) == 0x46DD_794E)
    }

    @Test("CRC-32C from many threads at once gives one answer")
    func crc32cConcurrent() async {
        let data = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let expected = crc32c(data, hardware: false)
        let results = await withTaskGroup(of: UInt32.self) { group in
            for _ in 0..<8 { group.addTask { self.crc32c(data, hardware: false) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == expected })
    }

    @Test("CRC-32 of zip and gzip, as ISA-L computes it")
    func crc32KnownAnswer() {
        let check = Array("123456789".utf8).withUnsafeBufferPointer { crc32_gzip_refl(0, $0.baseAddress, 9) }
        #expect(check == 0xCBF4_3926)
    }
}
