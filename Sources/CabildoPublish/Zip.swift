import CZlib

/// A ZIP archive of stored (uncompressed) entries with a fixed date, so the
/// same files always give the same bytes. Stored, not deflated: CSV
/// re-published with one change differs in one place (rsync sends little),
/// and any unzip reads it. Only the CRC-32 comes from zlib.
struct StoredZip {
    struct TooLarge: Error {}

    private(set) var bytes: [UInt8] = []
    private var central: [UInt8] = []
    private var entries = 0

    /// 1980-01-01 00:00, the earliest DOS date: no clock reaches the archive.
    private static let dosTime: UInt16 = 0, dosDate: UInt16 = (0 << 9) | (1 << 5) | 1
    /// Bit 11: names are UTF-8.
    private static let utf8Names: UInt16 = 0x0800

    static func crc32(_ data: [UInt8]) -> UInt32 {
        data.withUnsafeBufferPointer { buffer in
            var crc: uLong = CZlib.crc32(0, nil, 0)
            var offset = 0
            while offset < buffer.count {
                let n = min(buffer.count - offset, Int(Int32.max))
                crc = CZlib.crc32(crc, buffer.baseAddress! + offset, uInt(n))
                offset += n
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }

    mutating func add(_ name: String, _ data: [UInt8]) throws {
        guard data.count < Int(UInt32.max), bytes.count < Int(UInt32.max) - data.count - 1024 else { throw TooLarge() }
        let crc = Self.crc32(data), size = UInt32(data.count), offset = UInt32(bytes.count)
        let nameBytes = Array(name.utf8)
        // Local file header.
        Self.append32(0x0403_4b50, to: &bytes); Self.append16(20, to: &bytes); Self.append16(Self.utf8Names, to: &bytes)
        Self.append16(0, to: &bytes); Self.append16(Self.dosTime, to: &bytes); Self.append16(Self.dosDate, to: &bytes)
        Self.append32(crc, to: &bytes); Self.append32(size, to: &bytes); Self.append32(size, to: &bytes)
        Self.append16(UInt16(nameBytes.count), to: &bytes); Self.append16(0, to: &bytes)
        bytes += nameBytes
        bytes += data
        // Its central directory entry: made on Unix, a regular file readable by all.
        Self.append32(0x0201_4b50, to: &central); Self.append16(0x0314, to: &central); Self.append16(20, to: &central)
        Self.append16(Self.utf8Names, to: &central); Self.append16(0, to: &central)
        Self.append16(Self.dosTime, to: &central); Self.append16(Self.dosDate, to: &central)
        Self.append32(crc, to: &central); Self.append32(size, to: &central); Self.append32(size, to: &central)
        Self.append16(UInt16(nameBytes.count), to: &central); Self.append16(0, to: &central); Self.append16(0, to: &central)
        Self.append16(0, to: &central); Self.append16(0, to: &central); Self.append32(0o100644 << 16, to: &central)
        Self.append32(offset, to: &central)
        central += nameBytes
        entries += 1
    }

    /// The whole archive: entries, central directory, end record.
    mutating func finish() -> [UInt8] {
        let directoryOffset = UInt32(bytes.count), directorySize = UInt32(central.count)
        bytes += central
        Self.append32(0x0605_4b50, to: &bytes); Self.append16(0, to: &bytes); Self.append16(0, to: &bytes)
        Self.append16(UInt16(entries), to: &bytes); Self.append16(UInt16(entries), to: &bytes)
        Self.append32(directorySize, to: &bytes); Self.append32(directoryOffset, to: &bytes); Self.append16(0, to: &bytes)
        return bytes
    }

    private static func append16(_ value: UInt16, to buffer: inout [UInt8]) {
        buffer.append(UInt8(value & 0xff)); buffer.append(UInt8(value >> 8))
    }

    private static func append32(_ value: UInt32, to buffer: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { buffer.append(UInt8((value >> UInt32(shift)) & 0xff)) }
    }
}
