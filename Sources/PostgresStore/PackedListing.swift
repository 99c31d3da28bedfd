import EventLog
import WorkstreamKit

/// Reads the listing rows schema 5 packs (see `PostgresSchema.version5`) back into summaries, through the one
/// rule both stores share (`SummaryColumns.summary`). Bytes the packing cannot have written are an error,
/// never a guess.
enum PackedListing {
    struct Malformed: Error, CustomStringConvertible {
        let offset: Int
        var description: String { "a listing row the server packed is malformed at byte \(offset)" }
    }

    static func summaries(_ packed: String) throws -> [WorkstreamSummary] {
        var text = packed
        return try text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            var summaries: [WorkstreamSummary] = []
            while !reader.atEnd {
                let row = try reader.row()
                var summary = try SummaryColumns.summary(row)
                summary.dependsOn = try reader.dependencies()
                summaries.append(summary)
            }
            return summaries
        }
    }

    /// One row's summary columns, as ranges of the packed bytes (nil: NULL).
    struct Row: ColumnRow {
        let bytes: UnsafeBufferPointer<UInt8>
        var fields: [Range<Int>?]

        func text(_ i: Int32) throws -> String {
            guard let range = fields[Int(i)] else { throw Malformed(offset: 0) }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        func optionalText(_ i: Int32) throws -> String? { try fields[Int(i)].map { _ in try text(i) } }
        func optionalDouble(_ i: Int32) throws -> Double? {
            guard let range = fields[Int(i)] else { return nil }
            guard let value = Double(try text(i)) else { throw Malformed(offset: range.lowerBound) }
            return value
        }
        func int(_ i: Int32) throws -> Int {
            guard let value = Int(try text(i)) else { throw Malformed(offset: fields[Int(i)]?.lowerBound ?? 0) }
            return value
        }
    }

    /// Integer columns (tasks done, tasks total, open dependencies) are packed as digits, not as text.
    /// A range, not a Set: hashing 14 column numbers a row cost 12.6 M instructions of 194 M at 10,000 rows.
    private static let integerColumns = 9...11

    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        var atEnd: Bool { at >= bytes.count }

        mutating func row() throws -> Row {
            var fields: [Range<Int>?] = []
            fields.reserveCapacity(Int(SummaryColumns.count))
            for column in 0..<Int(SummaryColumns.count) {
                fields.append(PackedListing.integerColumns.contains(column) ? try integer() : try text())
            }
            return Row(bytes: bytes, fields: fields)
        }

        mutating func dependencies() throws -> [String] {
            guard let count = try integer(), let n = Int(string(count)) else { throw Malformed(offset: at) }
            var ids: [String] = []
            ids.reserveCapacity(n)
            for _ in 0..<n {
                guard let range = try text() else { throw Malformed(offset: at) }
                ids.append(string(range))
            }
            return ids
        }

        private func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }

        /// `<length>:<bytes>` or `-`.
        private mutating func text() throws -> Range<Int>? {
            guard at < bytes.count else { throw Malformed(offset: at) }
            if bytes[at] == UInt8(ascii: "-") { at += 1; return nil }
            let length = try digits(until: UInt8(ascii: ":"))
            guard length <= bytes.count - at else { throw Malformed(offset: at) }
            defer { at += length }
            return at..<(at + length)
        }

        /// `<digits>;`, as the range of its digits (an optional only to read like `text`).
        private mutating func integer() throws -> Range<Int>? {
            let start = at
            if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
            _ = try digits(until: UInt8(ascii: ";"))
            return start..<(at - 1)
        }

        /// Decimal digits up to `terminator` (consumed), as a number.
        private mutating func digits(until terminator: UInt8) throws -> Int {
            let start = at
            var value = 0
            while at < bytes.count, bytes[at] != terminator {
                let d = Int(bytes[at]) - 0x30
                guard (0...9).contains(d), value < Int.max / 10 - 9 else { throw Malformed(offset: at) }
                value = value * 10 + d
                at += 1
            }
            guard at < bytes.count, at > start else { throw Malformed(offset: start) }
            at += 1
            return value
        }
    }
}
